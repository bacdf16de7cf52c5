# expect-hint: your numbers match the lesson's story, but not the data in `cm`
# Precision and recall are computed, but the class is the one Lesson 4 talks about, typed in.
correct = np.diag(cm)
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
low_recall_class = "zz plant"
