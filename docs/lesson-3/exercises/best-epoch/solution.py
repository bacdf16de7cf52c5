best = curves.loc[curves["val_loss"].idxmin()]
best_epoch = int(best["epoch"])
best_val_loss = float(best["val_loss"])

last = curves.iloc[-1]
final_gap = float(last["val_loss"] - last["train_loss"])
print(f"Keep epoch {best_epoch} (val loss {best_val_loss:.3f}); final gap {final_gap:.2f}")
