# expect-hint: your numbers match the lesson's story, but not the data in `cm`
# The heatmap is right; the pair is the one the lesson names, typed in.
import matplotlib.pyplot as plt

plt.imshow(cm, cmap="Blues")
plt.xticks(range(12), class_names, rotation=90)
plt.yticks(range(12), class_names)
plt.xlabel("predicted class")
plt.ylabel("true class")
plt.show()

most_confused = {"pothos", "golden pothos"}
