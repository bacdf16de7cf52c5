# numpy on the columns: argmin gives the row position, the epoch column the number.
import numpy as np

val_loss = curves["val_loss"].to_numpy()
row = int(np.argmin(val_loss))
best_epoch = curves["epoch"].to_numpy()[row]
best_val_loss = val_loss[row]
final_gap = val_loss[-1] - curves["train_loss"].to_numpy()[-1]
