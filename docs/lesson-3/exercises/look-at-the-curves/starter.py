import matplotlib.pyplot as plt

stop_epoch = ...  # the epoch with the lowest validation loss

plt.plot(curves["epoch"], curves["train_loss"], label="training loss")
# Plot the validation loss the same way, and mark stop_epoch with plt.axvline(...).
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.show()
