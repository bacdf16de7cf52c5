"""What the lab tests do on a lab page: read the log, send a message, choose the worker."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page

__all__ = ["log_of", "point_labs_at", "send", "store_transcript", "stored_transcript"]


def log_of(page: Page) -> Locator:
    """The conversation list."""
    return page.locator("[data-lab-log] > li")


def send(page: Page, text: str) -> None:
    """Type a message and press Enter."""
    box = page.get_by_role("textbox", name="Your message")
    box.fill(text)
    box.press("Enter")


def point_labs_at(page: Page, worker_url: str) -> None:
    """Point the page's course config at ``worker_url`` before the widgets read it."""
    url = json.dumps(worker_url)
    page.add_init_script(
        f"""new MutationObserver(() => {{
              const block = document.getElementById('course-config');
              if (!block) return;
              const config = JSON.parse(block.textContent);
              if (config.labsUrl === {url}) return;
              block.textContent = JSON.stringify({{...config, labsUrl: {url}}});
            }}).observe(document, {{subtree: true, childList: true, characterData: true}});"""
    )


_TRANSCRIPT_KEY = """(lab) => Object.keys(localStorage).find(
    (key) => key.includes(`:lab:${lab}@`) && !key.endsWith(':unreadable'))"""


def stored_transcript(page: Page, lab_id: str) -> dict[str, Any]:
    """The lab's record as the chat stored it in localStorage."""
    record = page.evaluate(
        f"(lab) => JSON.parse(localStorage.getItem(({_TRANSCRIPT_KEY})(lab)))", lab_id
    )
    assert isinstance(record, dict), record
    return record


def wait_for_stored_turns(page: Page, lab_id: str, count: int) -> None:
    """Wait until the lab's stored transcript holds ``count`` messages, the last one signed.

    The reply shows while it streams; the chat stores it (with its signature)
    when the worker's ``done`` event arrives, a moment later.
    """
    page.wait_for_function(
        f"""([lab, count]) => {{
              const key = ({_TRANSCRIPT_KEY})(lab);
              const record = key && JSON.parse(localStorage.getItem(key));
              const messages = (record && record.messages) || [];
              return messages.length === count && Boolean(messages[count - 1].signature);
            }}""",
        arg=[lab_id, count],
    )


def store_transcript(page: Page, lab_id: str, record: dict[str, Any]) -> None:
    """Replace the lab's stored record (as a learner editing localStorage would)."""
    page.evaluate(
        f"([lab, record]) => localStorage.setItem(({_TRANSCRIPT_KEY})(lab), JSON.stringify(record))",
        [lab_id, record],
    )
