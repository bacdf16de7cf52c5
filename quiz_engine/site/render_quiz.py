"""Render content blocks to accessible HTML that reads well before any script runs."""

from __future__ import annotations

from html import escape

from ..content.interface_strings import InterfaceStrings
from ..core.model import Question, Quiz
from ..core.versions import question_versions
from .render_parts import NOT_INDEXED, button, noscript

__all__ = ["render_quiz", "render_test"]


def _question_html(
    quiz: Quiz, question: Question, number: int, version: str, s: InterfaceStrings, *,
    check_button: bool,
) -> str:
    anchor = f"{quiz.id}--{question.id}"
    options = "\n".join(
        f'<label class="course-option">'
        f'<input type="radio" name="{anchor}" value="{option.id}">'
        f'<span class="course-option__letter" aria-hidden="true" {NOT_INDEXED}>'
        f"{option.id.upper()}</span>"
        f'<span class="course-option__text">{escape(option.text)}</span>'
        f"</label>"
        for option in question.options
    )
    actions = (
        '<div class="course-question__actions">'
        f'{button(s("quiz.check"), "data-check disabled", primary=True, also="course-check")}'
        "</div>"
        if check_button
        else ""
    )
    return (
        f'<fieldset class="course-question" id="{anchor}" data-question="{question.id}" '
        f'data-question-version="{version}">'
        f'<legend class="course-question__prompt">'
        f'<span class="course-question__number" {NOT_INDEXED}>'
        f'{s("quiz.questionNumber", number=number, total=len(quiz.questions))}</span> '
        f"{escape(question.prompt)}</legend>"
        f'<div class="course-question__options">\n{options}\n</div>'
        f"{actions}"
        '<div class="course-feedback" data-feedback aria-live="polite"></div>'
        "</fieldset>"
    )


def render_quiz(quiz: Quiz, *, data_url: str, version: str, s: InterfaceStrings) -> str:
    """Return the quiz as a form of radio-group fieldsets.

    ``data_url`` is the content JSON's path from the site root; the page's
    script fetches it, hands it to Python and enables the Check buttons.
    """
    versions = question_versions(quiz)
    questions = "\n".join(
        _question_html(quiz, question, number, versions[question.id], s, check_button=True)
        for number, question in enumerate(quiz.questions, start=1)
    )
    return (
        f'<form class="course-quiz" data-course-quiz="{quiz.id}" '
        f'data-quiz-src="{escape(data_url)}" data-quiz-version="{version}" '
        f'aria-label="{escape(quiz.title)}" novalidate>'
        f'<div class="course-runtime" data-runtime-status role="status" aria-live="polite">'
        f'{noscript(s("quiz.noscript"))}</div>'
        f"{questions}"
        f'<p class="course-quiz__score" data-quiz-score aria-live="polite"></p>'
        f"</form>"
    )


def render_test(
    quiz: Quiz, *, data_url: str, version: str, pass_mark: float, s: InterfaceStrings
) -> str:
    """Return a test: every question answered first, then one Submit graded as a whole."""
    versions = question_versions(quiz)
    questions = "\n".join(
        _question_html(quiz, question, number, versions[question.id], s, check_button=False)
        for number, question in enumerate(quiz.questions, start=1)
    )
    total = len(quiz.questions)
    return (
        f'<form class="course-quiz course-test" data-course-test="{quiz.id}" '
        f'data-quiz-src="{escape(data_url)}" data-quiz-version="{version}" '
        f'aria-label="{escape(quiz.title)}" novalidate>'
        f'<div class="course-runtime" data-runtime-status role="status" aria-live="polite">'
        f'{noscript(s("test.noscript"))}</div>'
        f'<p class="course-test__rules" {NOT_INDEXED}>'
        f'{s("test.rules", total=total, percent=round(pass_mark * 100))}</p>'
        f"{questions}"
        f'<div class="course-test__submit">'
        f'{button(s("test.submit"), "data-submit disabled", kind="submit", primary=True)}'
        f'<p class="course-test__left" data-test-left aria-live="polite"></p></div>'
        f'<section class="course-test__result" data-test-result tabindex="-1" '
        f'aria-live="polite" hidden></section>'
        f"</form>"
    )
