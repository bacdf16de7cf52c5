# expect-hint: one epoch late
def early_stopping(val_losses, patience):
    best_loss = np.inf
    best_epoch = 0
    wait = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)
