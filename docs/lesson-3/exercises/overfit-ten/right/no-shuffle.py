# Full-batch gradient descent needs no shuffling at all: the bug goes with it.
def train(X, y, lr=1.0, epochs=300, seed=0):
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        losses.append(float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))))
        w = w - lr * X.T @ (p - y) / len(y)
        b = b - lr * float(np.mean(p - y))
    return w, b, losses


w, b, losses = train(X, y)
final_loss = losses[-1]
