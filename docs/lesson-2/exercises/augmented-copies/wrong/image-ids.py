# expect-hint: compare `source_photo`
train = photos[photos["split"] == "train"]
val = photos[photos["split"] == "val"]
leaked = sorted(val.loc[val["image_id"].isin(train["image_id"]), "image_id"])
clean_val = val[val["augmentation"] == "original"]
