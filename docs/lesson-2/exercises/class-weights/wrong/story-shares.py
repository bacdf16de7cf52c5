# expect-hint: your numbers match the lesson's story, but not the data in `posts`
# The formula is right, but it is applied to the lesson's 8 / 73 / 19 % instead of the data.
import numpy as np

inverse = 1 / np.array([0.08, 0.73, 0.19])
weights = inverse / inverse.sum()
ratio = weights[0] / weights[1]
