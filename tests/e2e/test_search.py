"""The theme's search box, as a learner uses it: it finds the course's lessons, and a
quiz's result reads as its questions and answers, without the widgets' labels."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from quiz_engine.content.interface_strings import load_interface_strings


def search(page: Page, words: str) -> Locator:
    """Type ``words`` in the header's search box; the results, once the first shows."""
    box = page.get_by_role("textbox", name="Search").first
    box.click()
    # The theme reads the box on each key release, and once as its index is
    # ready (until then it says "Initializing search"): a value set without
    # key presses after that, as fill() does, is never searched.
    expect(page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=30_000
    )
    box.press_sequentially(words)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    return results


def test_search_finds_the_lessons_on_a_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    results = search(page, "overfitting")
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    links = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any("lesson-2" in href for href in links), links


def search_index_state(page: Page) -> str:
    """Where the course's search worker has the index: "held" until the first search, then
    "built", or "theirs" for a theme's worker it passes everything to
    (``assets/course/search-worker.js``)."""
    worker = next(w for w in page.workers if "search-worker.js" in w.url)
    return str(worker.evaluate("self.courseSearchIndex"))


def test_the_index_is_built_at_the_first_search_not_at_load(page: Page, site_url: str) -> None:
    """A page that is only read never builds the search index; the first search builds it,
    and the words typed while it is built are searched, in order, once it is."""
    page.goto(site_url + "lesson-1/")
    box = page.get_by_role("textbox", name="Search").first
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=30_000
    )
    assert search_index_state(page) == "held"
    box.press_sequentially("overfitting")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    assert search_index_state(page) == "built"
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    links = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any("lesson-2" in href for href in links), links


#: In the page: the theme's worker, alone or behind the course's, set up with the site's
#: index as the theme sets it up, then asked each query; its answers, in order.
ANSWERS = """async ([front, queries]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const ours = new URL(config.search, location.href);
  const theirs = decodeURIComponent(ours.hash.slice(1));
  const worker = new Worker(front ? ours.href : theirs);
  const next = () => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); });
  const index = await (await fetch(new URL('search/search_index.json', new URL(config.base, location.href)))).json();
  let answer = next();
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const answers = [await answer];
  for (const query of queries) {
    answer = next();
    worker.postMessage({type: 2, data: query});
    answers.push(await answer);
  }
  worker.terminate();
  return answers;
}"""


def test_the_course_worker_answers_as_the_themes_own(page: Page, site_url: str) -> None:
    """The same messages, the same answers: READY, no results for the empty query the theme
    sends as it starts, and the same ranked results for the queries after it."""
    page.goto(site_url + "lesson-2/")
    queries = ["", "learning rate", "Marcus", "overfit*", "zzzz-nothing"]
    ours = page.evaluate(ANSWERS, [True, queries])
    theirs = page.evaluate(ANSWERS, [False, queries])
    assert ours[0] == {"type": 1}
    assert ours[1] == {"type": 3, "data": {"items": []}}
    assert ours[2]["data"]["items"], "learning rate finds nothing"
    assert ours == theirs


def test_a_quiz_result_reads_as_its_questions(page: Page, site_url: str) -> None:
    page.goto(site_url)
    quiz = search(page, "Marcus").filter(has_text="Quiz — Lesson 2").first
    text = " ".join(quiz.inner_text().split())
    assert "model stuck at 62% accuracy despite architecture changes" in text, text
    assert "A learning rate too high for fine-tuning BERT" in text, text
    # Not the option letters glued to the options ("AA learning rate"), the
    # question numbers, the buttons or the no-JavaScript notice.
    for widget_text in ("AA learning", "BClass", "Question 1 of 5", "Check answer",
                        "turn on JavaScript"):
        assert widget_text not in text, (widget_text, text)


#: The widgets' own words, which the built pages hold and the search index must not.
WIDGET_WORDS = ("quiz.noscript", "quiz.check", "test.noscript", "test.submit",
                "exercise.noscript", "exercise.keys", "exercise.showSolution",
                "lab.needsScript", "lab.keys", "lab.export")


def test_the_search_index_leaves_out_the_widgets_labels(page: Page, site_url: str) -> None:
    strings = load_interface_strings("en")
    index = page.request.get(site_url + "search/search_index.json").json()
    indexed = " ".join(f"{doc['title']} {doc['text']}" for doc in index["docs"])
    pages = " ".join(
        page.request.get(site_url + path).text()
        for path in ("lesson-1/", "lesson-1/quiz/", "lesson-1/lab/", "test/", "certificate/",
                     "verify/")
    )
    for key in WIDGET_WORDS:
        words = str(strings(key))
        assert words in pages, f"{key} is not on the pages: this test would prove nothing"
        assert words not in indexed, f"{key} ({words!r}) is in the search index"
    # Nor any page's own no-JavaScript notice (the certificate and verify pages').
    notices = re.findall(r"<noscript[^>]*>([^<]+)</noscript>", pages)
    assert any("certificate" in notice for notice in notices), notices
    assert any("The check runs" in notice for notice in notices), notices
    for notice in notices:
        assert notice.strip() not in indexed, f"{notice!r} is in the search index"
