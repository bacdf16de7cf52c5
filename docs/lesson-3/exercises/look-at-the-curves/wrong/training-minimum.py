# expect-hint: epoch 20 is where the training loss is lowest
import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["train_loss"].idxmin(), "epoch"])
plt.plot(curves["epoch"], curves["train_loss"], label="training loss")
plt.plot(curves["epoch"], curves["val_loss"], label="validation loss")
plt.axvline(stop_epoch, linestyle="--")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
