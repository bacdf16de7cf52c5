# expect-hint: augmented copies of validation photos are a mistake, but not leaks
val = photos[photos["split"] == "val"]
is_copy = val["augmentation"] != "original"
leaked = sorted(val.loc[is_copy, "image_id"])
clean_val = val[~is_copy]
