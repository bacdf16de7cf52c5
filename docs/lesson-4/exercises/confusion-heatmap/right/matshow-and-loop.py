# matshow on an axes of its own, the labels set on the axes, the pair found by a loop,
# and the figure left open (no show()).
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8, 7))
ax.matshow(cm, cmap="viridis")
ax.set_xticks(range(len(class_names)), labels=class_names, rotation=90)
ax.set_yticks(range(len(class_names)), labels=class_names)
ax.set_xlabel("Predicted plant")
ax.set_ylabel("Actual plant")

best, most_confused = -1, None
for i in range(len(class_names)):
    for j in range(i + 1, len(class_names)):
        if cm[i, j] + cm[j, i] > best:
            best, most_confused = cm[i, j] + cm[j, i], (class_names[i], class_names[j])
