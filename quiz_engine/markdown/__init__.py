"""The course fences as a Python Markdown extension both generators load (build time).

``mkdocs.yml`` lists the fences under ``pymdownx.superfences``'
``custom_fences``, each formatted by a function of :mod:`.fences`; MkDocs and
Zensical both load them from ``markdown_extensions``, so a quiz, test,
exercise or lab renders to the same HTML whichever generator builds the
site. The course is the MkDocs plugin's (:func:`.fences.use_blocks`) or, under
Zensical, loaded from the docs folder and the course options of the site's
file (:mod:`.config`).
"""
