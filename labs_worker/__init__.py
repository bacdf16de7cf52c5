"""The labs worker: the AI-peer proxy behind the course's lab chats.

This package's top level imports nothing, so ``labs_worker.practice`` can be
loaded (in Pyodide too) without Starlette or httpx. Build the ASGI app with
``labs_worker.app.create_app(settings)``; run it locally with
``python -m labs_worker``. Settings are documented in
:mod:`labs_worker.settings`.
"""

__all__: list[str] = []
