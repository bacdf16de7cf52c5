"""The site build: plain functions any generator can drive (build time).

- :mod:`.blocks`: the course fences rendered to accessible HTML;
- :mod:`.page_config`: the configuration block every page gives the widgets;
- :mod:`.build`: what goes beside the pages — content JSON, schemas, the
  notebooks, the browser wheel and Pyodide supply, the service worker.

:mod:`quiz_engine.mkdocs` adapts these to MkDocs' plugin events.
"""
