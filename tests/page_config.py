"""Reading what the build wrote into a built page, for the unit and e2e tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def page_config_of(page: Path) -> dict[str, Any]:
    """The ``#course-config`` block the build wrote into ``page``."""
    html = page.read_text(encoding="utf-8")
    block = html.split('id="course-config">')[1].split("</script>")[0]
    return dict(json.loads(block))
