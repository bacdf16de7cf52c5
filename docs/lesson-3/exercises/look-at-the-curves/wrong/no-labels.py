# expect-hint: give each curve a `label=`
import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["val_loss"].idxmin(), "epoch"])
plt.plot(curves["epoch"], curves["train_loss"])
plt.plot(curves["epoch"], curves["val_loss"])
plt.axvline(stop_epoch, linestyle="--")
plt.show()
