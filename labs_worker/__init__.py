"""The labs worker: the AI-peer proxy behind the course's lab chats.

It reads the lab personas with :mod:`quiz_engine.content` and its offline
provider is the course's practice peer, :mod:`quiz_engine.core.practice`;
nothing in ``quiz_engine`` imports this package. Build the ASGI app with
``labs_worker.app.create_app(settings)``; run it locally with
``python -m labs_worker``. Settings are documented in
:mod:`labs_worker.settings`.
"""

__all__: list[str] = []
