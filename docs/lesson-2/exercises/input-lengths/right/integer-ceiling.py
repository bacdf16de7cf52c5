# math.ceil on the ratio, and numpy's mean on the boolean mask.
import math

values = posts["text_length"].to_numpy()
mean_length = np.mean(values)
p95_length = float(np.quantile(values, 0.95))
max_length = 64 * math.ceil(p95_length / 64)
cut_share = np.mean(values > max_length)
