# The object-oriented interface, the stop marked by a point, the figure left open (no show()).
import matplotlib.pyplot as plt

best = curves.loc[curves["val_loss"].idxmin()]
stop_epoch = best["epoch"]

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(curves["epoch"], curves["train_loss"], label="train")
ax.plot(curves["epoch"], curves["val_loss"], label="validation")
ax.plot(stop_epoch, best["val_loss"], "o", color="black", label="best checkpoint")
ax.set(xlabel="epoch", ylabel="cross-entropy loss", title="Where to stop")
ax.legend()
