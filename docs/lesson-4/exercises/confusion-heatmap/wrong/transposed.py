# expect-hint: your heatmap is transposed
import matplotlib.pyplot as plt

plt.imshow(cm.T, cmap="Blues")
plt.xticks(range(12), class_names, rotation=90)
plt.yticks(range(12), class_names)
plt.xlabel("predicted class")
plt.ylabel("true class")
plt.show()

pairs = cm + cm.T
np.fill_diagonal(pairs, 0)
i, j = np.unravel_index(pairs.argmax(), pairs.shape)
most_confused = {class_names[i], class_names[j]}
