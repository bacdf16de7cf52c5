# numpy's running minimum: an epoch improves when it sets a new minimum.
def early_stopping(val_losses, patience):
    losses = np.asarray(val_losses, dtype=float)
    previous_best = np.r_[np.inf, np.minimum.accumulate(losses)[:-1]]
    improved = losses < previous_best
    best_epoch = 0
    for epoch in range(1, len(losses) + 1):
        if improved[epoch - 1]:
            best_epoch = epoch
        elif epoch - best_epoch == patience:
            return best_epoch, epoch
    return best_epoch, len(losses)


best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)
