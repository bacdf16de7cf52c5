"""``python -m quiz_engine``: validate the course, scaffold a lesson (see :mod:`.cli`)."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
