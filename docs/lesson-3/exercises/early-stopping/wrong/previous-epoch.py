# expect-hint: are you comparing each epoch with the previous one
def early_stopping(val_losses, patience):
    best_epoch = 1
    wait = 0
    for epoch in range(2, len(val_losses) + 1):
        if val_losses[epoch - 1] < val_losses[epoch - 2]:
            wait = 0
            if val_losses[epoch - 1] < val_losses[best_epoch - 1]:
                best_epoch = epoch
        else:
            wait += 1
            if wait == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)
