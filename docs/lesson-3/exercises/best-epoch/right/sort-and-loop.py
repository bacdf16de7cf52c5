# Sorting the table by validation loss, and a loop that remembers the last row.
best = curves.sort_values("val_loss").iloc[0]
best_epoch = best["epoch"]
best_val_loss = best["val_loss"]

for _, row in curves.iterrows():
    last = row
final_gap = last["val_loss"] - last["train_loss"]
