# expect-hint: nothing on your figure marks an epoch
import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["val_loss"].idxmin(), "epoch"])
plt.plot(curves["epoch"], curves["train_loss"], label="training loss")
plt.plot(curves["epoch"], curves["val_loss"], label="validation loss")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
