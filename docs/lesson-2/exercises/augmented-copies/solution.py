train = photos[photos["split"] == "train"]
val = photos[photos["split"] == "val"]
from_train = val["source_photo"].isin(train["source_photo"])

leaked = sorted(val.loc[from_train, "image_id"])
clean_val = val[~from_train & (val["augmentation"] == "original")]
print(len(leaked), "leaked;", len(clean_val), "clean validation photos")
