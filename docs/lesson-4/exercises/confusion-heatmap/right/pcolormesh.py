# pcolormesh puts row 0 at the bottom: turning the y axis keeps it at the top.
import matplotlib.pyplot as plt

mesh = plt.pcolormesh(cm, cmap="magma")
plt.gca().invert_yaxis()
plt.colorbar(mesh)
plt.xticks(np.arange(12) + 0.5, class_names, rotation=90)
plt.yticks(np.arange(12) + 0.5, class_names)
plt.xlabel("predicted")
plt.ylabel("true")
plt.show()

off_diagonal = np.triu(cm + cm.T, k=1)
row, column = np.unravel_index(np.argmax(off_diagonal), off_diagonal.shape)
most_confused = [class_names[row], class_names[column]]
