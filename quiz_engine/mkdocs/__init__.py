"""The MkDocs plugin that renders course content and ships the engine to the browser."""
