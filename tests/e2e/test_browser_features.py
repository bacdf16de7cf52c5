"""The tests' browser builds no omnibox popup per page, and keeps Playwright's own features off
(a headless shell has no popup to turn off)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from tests.e2e.browser_features import DISABLED_FEATURES, SWITCH, command_line, is_headless_shell


def test_a_new_page_brings_no_omnibox_popup(browser: Browser) -> None:
    """With the features on, every window adds two ``browser_ui`` targets (the popup)."""
    context = browser.new_context()
    try:
        context.new_page().goto("about:blank")
        session = browser.new_browser_cdp_session()
        targets = session.send("Target.getTargets")["targetInfos"]
        session.detach()
    finally:
        context.close()
    # Pages of other tests' contexts may be open too: each window would bring a popup.
    assert "about:blank" in [t["url"] for t in targets if t["type"] == "page"]
    assert [t["url"] for t in targets if "omnibox" in t["url"]] == []


def test_one_switch_holds_playwrights_features_and_the_courses(
    browser: Browser, browser_type_launch_args: dict[str, Any]
) -> None:
    """Chromium reads only the last ``--disable-features``: there must be exactly one.

    A headless shell builds no popup: it gets Playwright's switches alone.
    """
    if is_headless_shell(browser):
        ours = [*browser_type_launch_args["args"], *browser_type_launch_args.get("ignore_default_args", [])]
        assert [arg for arg in ours if arg.startswith(SWITCH)] == []
        return
    switches = [arg for arg in command_line(browser) if arg.startswith(SWITCH)]
    assert len(switches) == 1, switches
    names = set(switches[0][len(SWITCH):].split(","))
    playwrights = [arg for arg in browser_type_launch_args["ignore_default_args"]
                   if arg.startswith(SWITCH)]
    assert len(playwrights) == 1
    defaults = set(playwrights[0][len(SWITCH):].split(","))
    assert defaults - set(DISABLED_FEATURES)  # Playwright's own list was found, not just ours
    assert defaults <= names
    assert set(DISABLED_FEATURES) <= names
