# Shuffle one array holding inputs and labels side by side; keep the losses in a numpy array.
def train(X, y, lr=1.0, epochs=300, seed=0):
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    losses = np.zeros(epochs)
    table = np.column_stack([X, y])
    for epoch in range(epochs):
        rng.shuffle(table)
        X_epoch, y_epoch = table[:, :-1], table[:, -1]
        p = 1 / (1 + np.exp(-(X_epoch @ w + b)))
        losses[epoch] = -np.mean(y_epoch * np.log(p) + (1 - y_epoch) * np.log(1 - p))
        w -= lr * X_epoch.T @ (p - y_epoch) / len(y_epoch)
        b -= lr * np.mean(p - y_epoch)
    return w, b, losses


w, b, losses = train(X, y)
final_loss = losses[-1]
