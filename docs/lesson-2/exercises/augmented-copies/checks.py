"""Checks for augmented-copies: leaked and clean_val."""

import pandas as pd

from quiz_engine.core.checks import CheckFailed, as_sequence, check, describe, expect, expect_from_data


def expected():
    """The leaked and the clean validation image ids, from the data file."""
    photos = pd.read_csv("data/leila_photos.csv")
    train = set(photos.loc[photos["split"] == "train", "source_photo"])
    val = photos[photos["split"] == "val"]
    leaked = val["source_photo"].isin(train)
    clean = ~leaked & (val["augmentation"] == "original")
    augmented = set(val.loc[val["augmentation"] != "original", "image_id"])
    return set(val.loc[leaked, "image_id"]), set(val.loc[clean, "image_id"]), augmented


def image_ids(value, what):
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise CheckFailed(f"{what} is {describe(value)}; expected image ids")
    return {str(item) for item in value}


@check("`leaked` lists the validation images made from a training photo",
       hint="A leak is about the source photo: a validation image leaks when its `source_photo` "
            "is also in training, whatever its augmentation.")
def leaked_images(ns):
    found = image_ids(ns["leaked"], "`leaked`")
    leaked, _, augmented = expected()
    expect(found, "`leaked` is empty — every copy has its own image_id; compare `source_photo`")
    not_leaks = found - leaked
    if not_leaks:
        why = (" — augmented copies of validation photos are a mistake, but not leaks"
               if not_leaks <= augmented else "")
        raise CheckFailed(f"{len(not_leaks)} of your images are not leaks, e.g. "
                          f"{sorted(not_leaks)[0]} (its source photo is not in training){why}")
    expect(found == leaked, f"you found {len(found)} leaked images; there are {len(leaked)}")


@check("`leaked` is in increasing order",
       hint="`sorted(...)` turns the image ids into a sorted list.")
def leaked_sorted(ns):
    leaked = [str(item) for item in as_sequence(ns["leaked"], "`leaked`")]
    expect(leaked == sorted(leaked), "`leaked` is not sorted")


@check("`clean_val` keeps the validation originals that did not leak",
       hint="Validation must hold only real, unmodified photos: drop the leaks and keep "
            "`augmentation == \"original\"`.")
def clean_validation(ns):
    clean_val = ns["clean_val"]
    expect(hasattr(clean_val, "columns") and "image_id" in clean_val.columns,
           f"`clean_val` is {describe(clean_val)}; expected the DataFrame rows of photos")
    found = set(clean_val["image_id"])
    leaked, clean, augmented = expected()
    expect(not found & leaked, f"`clean_val` still has {len(found & leaked)} leaked images")
    expect(not found & augmented,
           f"`clean_val` still has {len(found & augmented)} augmented images")
    expect(found == clean, f"`clean_val` has {len(found)} rows; expected {len(clean)}")


def image_id_set(table):
    return {str(image) for image in table["image_id"]}


@check("`leaked` and `clean_val` come from the table in `photos`",
       hint="Compute both from `photos` (its `split`, `source_photo` and `augmentation` "
            "columns): the checks run your code again on another photo list.")
def computed_from_the_data(ns):
    expect_from_data(ns, ["leaked", "clean_val"],
                     files={"leila_photos.csv": "variant_leila_photos.csv"}, where="`photos`",
                     keys={"leaked": lambda ids: [str(i) for i in ids], "clean_val": image_id_set})
