import matplotlib.pyplot as plt

stop_epoch = int(curves.loc[curves["val_loss"].idxmin(), "epoch"])

plt.plot(curves["epoch"], curves["train_loss"], label="training loss")
plt.plot(curves["epoch"], curves["val_loss"], label="validation loss")
plt.axvline(stop_epoch, color="grey", linestyle="--", label=f"stop: epoch {stop_epoch}")
plt.title("Validation loss bottoms out, then climbs")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
print(f"Stop at epoch {stop_epoch}: validation loss "
      f"{curves['val_loss'].min():.3f}")
