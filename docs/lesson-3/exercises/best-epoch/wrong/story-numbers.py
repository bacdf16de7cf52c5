# expect-hint: your numbers match the lesson's story, but not the data in `curves`
# Epoch 4, and 0.52 - 0.12 at epoch 20, as the story tells it; 0.451 read off a first print.
best_epoch = 4
best_val_loss = 0.451
final_gap = 0.52 - 0.12
