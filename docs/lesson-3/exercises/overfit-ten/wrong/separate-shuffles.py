# expect-hint: shuffle `y` with the same `order` as `X`
# Both are shuffled now — but each with its own permutation, so labels still leave their examples.
def train(X, y, lr=1.0, epochs=300, seed=0):
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for epoch in range(epochs):
        X_epoch, y_epoch = X[rng.permutation(len(y))], y[rng.permutation(len(y))]
        p = 1 / (1 + np.exp(-(X_epoch @ w + b)))
        losses.append(-np.mean(y_epoch * np.log(p) + (1 - y_epoch) * np.log(1 - p)))
        w -= lr * X_epoch.T @ (p - y_epoch) / len(y)
        b -= lr * np.mean(p - y_epoch)
    return w, b, losses


w, b, losses = train(X, y)
final_loss = losses[-1]
