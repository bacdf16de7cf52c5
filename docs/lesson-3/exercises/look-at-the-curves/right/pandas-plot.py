# pandas draws both columns (labelled by their names) with matplotlib underneath.
import matplotlib.pyplot as plt
import numpy as np

stop_epoch = curves["epoch"].to_numpy()[np.argmin(curves["val_loss"].to_numpy())]
curves.plot(x="epoch", y=["train_loss", "val_loss"])
plt.axvline(stop_epoch, color="grey", linestyle=":")
plt.ylabel("loss")
plt.show()
