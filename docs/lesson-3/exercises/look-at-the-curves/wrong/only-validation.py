# expect-hint: your figure has no `train_loss` curve
import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["val_loss"].idxmin(), "epoch"])
plt.plot(curves["epoch"], curves["val_loss"], label="validation loss")
plt.axvline(stop_epoch, linestyle="--")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
