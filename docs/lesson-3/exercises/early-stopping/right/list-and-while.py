# A while loop over positions, returning a list instead of a tuple.
def early_stopping(val_losses, patience):
    best_epoch, wait, epoch = 1, 0, 1
    while epoch < len(val_losses):
        epoch += 1
        if val_losses[epoch - 1] < val_losses[best_epoch - 1]:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return [best_epoch, epoch]


best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)
