"""The theme's search box finds the course's lessons, as a learner uses it."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_search_finds_the_lessons_on_a_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search = page.get_by_role("textbox", name="Search").first
    search.click()
    search.fill("overfitting")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    links = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any("lesson-2" in href for href in links), links
