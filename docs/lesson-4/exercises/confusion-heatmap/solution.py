import matplotlib.pyplot as plt

plt.figure(figsize=(7, 6))
plt.imshow(cm, cmap="Blues")
plt.colorbar(label="photos")
plt.xticks(range(12), class_names, rotation=90)
plt.yticks(range(12), class_names)
plt.xlabel("predicted class")
plt.ylabel("true class")
plt.title("Leila's validation photos: where the model goes wrong")
plt.show()

pairs = cm + cm.T
np.fill_diagonal(pairs, 0)
i, j = np.unravel_index(pairs.argmax(), pairs.shape)
most_confused = {class_names[i], class_names[j]}
print("Most confused:", most_confused, f"({pairs[i, j]} photos)")
