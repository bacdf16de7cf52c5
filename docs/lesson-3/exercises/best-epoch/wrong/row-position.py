# expect-hint: rows count from 0, epochs from 1
best_epoch = int(curves["val_loss"].argmin())
best_val_loss = curves["val_loss"].min()
last = curves.iloc[-1]
final_gap = last["val_loss"] - last["train_loss"]
