"""Render a lab's chat: readable before any script runs, a live chat after."""

from __future__ import annotations

from html import escape

__all__ = ["render_lab"]


def _button(label: str, attributes: str, *, kind: str = "button", primary: bool = False) -> str:
    classes = "md-button md-button--primary" if primary else "md-button"
    return f'<button type="{kind}" class="{classes}" {attributes}>{label}</button>'


def render_lab(
    *,
    lab_id: str,
    peer: str,
    opening_message: str,
    data_url: str,
    labs_url: str,
    version: str,
    site: str,
) -> str:
    """Return the chat section of one lab.

    ``data_url`` is the practice data (persona without its system prompt),
    used when no labs worker is configured or reachable; ``labs_url`` is the
    worker's base URL, empty for offline practice mode.
    """
    input_id = f"{lab_id}-message"
    return (
        f'<section class="course-lab" data-course-lab="{escape(lab_id)}" '
        f'data-lab-src="{escape(data_url)}" data-labs-url="{escape(labs_url)}" '
        f'data-lab-version="{version}" data-course-site="{escape(site)}" '
        f'aria-label="Chat with your AI peer">'
        f'<header class="course-lab__head">'
        f'<span class="course-lab__peer">Lab Partner · {escape(peer)}</span>'
        f'<span class="course-lab__mode" data-lab-mode role="status">'
        f"The chat needs JavaScript.</span></header>"
        f'<ol class="course-lab__log" data-lab-log aria-label="Conversation">'
        f'<li class="course-msg course-msg--peer"><span class="course-msg__who">Peer</span>'
        f'<div class="course-msg__text">{escape(opening_message)}</div></li></ol>'
        f'<div class="course-visually-hidden" data-lab-announce aria-live="polite"></div>'
        f'<form class="course-lab__form" data-lab-form>'
        f'<label class="course-lab__label" for="{input_id}">Your message</label>'
        f'<textarea id="{input_id}" class="course-lab__input" data-lab-input rows="3" '
        f'aria-describedby="{input_id}-keys" disabled></textarea>'
        f'<p class="course-lab__keys" id="{input_id}-keys">'
        f"Enter sends · Shift+Enter starts a new line</p>"
        f'<div class="course-lab__actions">'
        + _button("Send", "data-lab-send disabled", kind="submit", primary=True)
        + _button("Stop", "data-lab-stop hidden")
        + _button("Export as Markdown", "data-lab-export disabled")
        + _button("Start over", "data-lab-reset disabled")
        + "</div></form></section>"
    )
