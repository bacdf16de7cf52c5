# expect-hint: subtract the training loss from the validation loss
best = curves.loc[curves["val_loss"].idxmin()]
best_epoch = int(best["epoch"])
best_val_loss = float(best["val_loss"])
last = curves.iloc[-1]
final_gap = float(last["train_loss"] - last["val_loss"])
