# expect-hint: your numbers match the lesson's story, but not the data in `val_losses`
# The function is right, but the result is the story's epoch 4 and the stop three epochs later.
def early_stopping(val_losses, patience):
    best_loss = np.inf
    best_epoch = 0
    wait = 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


best_epoch, stopped_epoch = 4, 7
