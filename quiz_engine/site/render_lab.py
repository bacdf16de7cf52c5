"""Render a lab's chat: readable before any script runs, a live chat after."""

from __future__ import annotations

from html import escape

from ..content.interface_strings import InterfaceStrings
from .render_parts import NOT_INDEXED, button

__all__ = ["render_lab"]


def render_lab(
    *,
    lab_id: str,
    peer: str,
    opening_message: str,
    data_url: str,
    version: str,
    s: InterfaceStrings,
) -> str:
    """Return the chat section of one lab.

    ``data_url`` is the practice data (persona without its system prompt),
    used when no labs worker is configured or reachable (the worker's URL
    reaches the page in its course config).
    """
    input_id = f"{lab_id}-message"
    return (
        f'<section class="course-lab" data-course-lab="{escape(lab_id)}" '
        f'data-lab-src="{escape(data_url)}" data-lab-version="{version}" '
        f'aria-label="{s("lab.region")}">'
        f'<header class="course-lab__head">'
        f'<span class="course-lab__peer">{s("lab.partner", peer=peer)}</span>'
        f'<span class="course-lab__mode" data-lab-mode role="status" {NOT_INDEXED}>'
        f'{s("lab.needsScript")}</span></header>'
        f'<ol class="course-lab__log" data-lab-log aria-label="{s("lab.log")}">'
        f'<li class="course-msg course-msg--peer">'
        f'<span class="course-msg__who">{s("lab.peer")}</span>'
        f'<div class="course-msg__text">{escape(opening_message)}</div></li></ol>'
        f'<div class="course-visually-hidden" data-lab-announce aria-live="polite"></div>'
        f'<form class="course-lab__form" data-lab-form>'
        f'<label class="course-lab__label" for="{input_id}" {NOT_INDEXED}>'
        f'{s("lab.messageLabel")}</label>'
        f'<textarea id="{input_id}" class="course-lab__input" data-lab-input rows="3" '
        f'aria-describedby="{input_id}-keys" disabled></textarea>'
        f'<p class="course-lab__keys" id="{input_id}-keys" {NOT_INDEXED}>'
        f'{s("lab.keys")}</p>'
        f'<div class="course-lab__actions">'
        + button(s("lab.send"), "data-lab-send disabled", kind="submit", primary=True)
        + button(s("lab.stop"), "data-lab-stop hidden")
        + button(s("lab.export"), "data-lab-export disabled")
        + button(s("lab.reset"), "data-lab-reset disabled")
        + "</div></form></section>"
    )
