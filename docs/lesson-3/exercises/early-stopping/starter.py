def early_stopping(val_losses, patience):
    best_loss = np.inf
    best_epoch = 0
    wait = 0
    for epoch, loss in enumerate(val_losses, start=1):
        ...
    return best_epoch, len(val_losses)


best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)
print(f"best epoch {best_epoch}, stopped after epoch {stopped_epoch}")
