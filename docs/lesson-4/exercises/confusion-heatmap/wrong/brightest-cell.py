# expect-hint: add both directions
# The single brightest cell off the diagonal is one direction only.
import matplotlib.pyplot as plt

plt.imshow(cm, cmap="Blues")
plt.xticks(range(12), class_names, rotation=90)
plt.yticks(range(12), class_names)
plt.xlabel("predicted class")
plt.ylabel("true class")
plt.show()

mistakes = cm.copy()
np.fill_diagonal(mistakes, 0)
i, j = np.unravel_index(mistakes.argmax(), mistakes.shape)
most_confused = {class_names[i], class_names[j]}
