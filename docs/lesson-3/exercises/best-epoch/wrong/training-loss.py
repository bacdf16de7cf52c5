# expect-hint: epoch 20 is where the training loss is lowest
best = curves.loc[curves["train_loss"].idxmin()]
best_epoch = int(best["epoch"])
best_val_loss = float(best["val_loss"])
last = curves.iloc[-1]
final_gap = float(last["val_loss"] - last["train_loss"])
