# expect-hint: your numbers match the lesson's story, but not the data in `photos`
# The leaked ids a first run printed, pasted in; clean_val is built from that list.
leaked = ["img_0027", "img_0060", "img_0072", "img_0172", "img_0273",
          "img_0454", "img_0478", "img_0535", "img_0662", "img_0731"]
val = photos[photos["split"] == "val"]
clean_val = val[~val["image_id"].isin(leaked) & (val["augmentation"] == "original")]
