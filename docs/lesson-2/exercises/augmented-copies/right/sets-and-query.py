# Python sets for the photos, DataFrame.query for the clean rows, and an array of ids.
import numpy as np

train_photos = set(photos.loc[photos["split"] == "train", "source_photo"])
val = photos.query("split == 'val'")
is_leak = np.array([photo in train_photos for photo in val["source_photo"]])
leaked = np.sort(val["image_id"].to_numpy()[is_leak])
clean_val = val[~is_leak].query("augmentation == 'original'")
