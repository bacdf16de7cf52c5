# A merge marks the validation rows whose source photo trains; a tuple of sorted ids.
train_sources = photos.loc[photos["split"] == "train", ["source_photo"]].drop_duplicates()
val = photos[photos["split"] == "val"].merge(train_sources, on="source_photo", how="left",
                                             indicator=True)
from_train = val["_merge"] == "both"
leaked = tuple(sorted(val.loc[from_train, "image_id"]))
clean_val = val[~from_train & (val["augmentation"] == "original")]
