# expect-hint: plotted against the row number
# `plot(series)` draws against the index: rows 0–19, not epochs 1–20.
import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["val_loss"].idxmin(), "epoch"])
plt.plot(curves["train_loss"], label="training loss")
plt.plot(curves["val_loss"], label="validation loss")
plt.axvline(stop_epoch, linestyle="--")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
