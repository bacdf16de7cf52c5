"""The site build: plain functions any generator can drive (build time).

- :mod:`.blocks`: the course fences rendered to accessible HTML, and the
  progress manifest read from the pages' fences;
- :mod:`.page_config`: the configuration block every page gives the widgets;
- :mod:`.pages`: the built pages — their URLs and lessons, the configuration
  block written into each, the notebook pages, the sources left out;
- :mod:`.build`: what goes beside the pages — content JSON, schemas, the
  notebooks, the browser wheel and Pyodide supply, the service worker.

:mod:`quiz_engine.markdown` renders the fences under MkDocs and Zensical;
:mod:`quiz_engine.mkdocs` adapts the rest to MkDocs' plugin events, and
``python -m quiz_engine build-assets`` runs it after ``zensical build``.
"""
