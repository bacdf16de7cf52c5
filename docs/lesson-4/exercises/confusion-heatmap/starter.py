import matplotlib.pyplot as plt

plt.figure(figsize=(7, 6))
# Draw cm as a heatmap, name the plants on both axes, say which axis is which.

plt.show()

most_confused = ...
