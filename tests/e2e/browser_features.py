"""Chromium features the tests' and benches' browsers turn off, on top of Playwright's own.

Headless Chromium opens a browser window for every page Playwright makes,
and since Chromium 15x each window builds its omnibox popup as a WebUI page
in a renderer of its own (``chrome://omnibox-popup.top-chrome/``: Lit
components, Mojo bindings). Measured on a 2-core machine, that renderer ran
1.4 s on its main thread while a quiz page booted Python from its snapshot,
more than the course page's own main thread (0.9 s) or its Python worker
(0.8 s). Nothing on a course page can see the popup; a learner's browser
builds it once per window, not once per page. So it is turned off.

Chromium keeps only the last ``--disable-features`` switch, and Playwright
passes its own list first: a second switch would silently switch Playwright's
features back on. :func:`launch_args_without` reads Playwright's list off a
browser it launches once, and passes one switch holding both lists.

A headless shell (Playwright's own, or Debian's ``chromium-headless-shell``)
has no windows, hence no omnibox: it is launched as it is.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, BrowserType

__all__ = [
    "DISABLED_FEATURES", "command_line", "default_switch", "is_headless_shell", "launch_args_without",
]

#: What the course's test and bench browsers turn off, beyond Playwright's defaults:
#: the omnibox popup as WebUI, and its AI-mode variant, which builds it all the
#: same (with only one of the two off, the trace still shows the popup loading).
DISABLED_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")

SWITCH = "--disable-features="


def is_headless_shell(browser: Browser) -> bool:
    """Whether ``browser`` is a headless shell, which names itself ``HeadlessChrome``
    (a full Chromium, headless or not, is ``Chrome``)."""
    session = browser.new_browser_cdp_session()
    try:
        return str(session.send("Browser.getVersion")["product"]).startswith("HeadlessChrome/")
    finally:
        session.detach()


def command_line(browser: Browser) -> list[str]:
    """The switches a full Chromium was started with, as ``chrome://version`` shows them."""
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        return page.locator("#command_line").inner_text().split()
    finally:
        page.close()


def default_switch(browser: Browser, launch_args: dict[str, Any]) -> str | None:
    """Playwright's own ``--disable-features=…`` switch, as a full Chromium received it."""
    ours = set(launch_args.get("args", []))
    found = [arg for arg in command_line(browser) if arg.startswith(SWITCH) and arg not in ours]
    return found[-1] if found else None


def launch_args_without(browser_type: BrowserType, launch_args: dict[str, Any],
                        features: tuple[str, ...] = DISABLED_FEATURES) -> dict[str, Any]:
    """``launch_args`` with ``features`` disabled beside Playwright's own list, in one switch
    (a headless shell, which has none of them, gets ``launch_args`` as they are)."""
    if any(arg.startswith(SWITCH) for arg in launch_args.get("args", [])):
        raise ValueError(f"pass the features to disable as `features`, not as {SWITCH}…")
    browser = browser_type.launch(**launch_args)
    try:
        if is_headless_shell(browser):
            return dict(launch_args)
        default = default_switch(browser, launch_args)
    finally:
        browser.close()
    names = [*(default[len(SWITCH):].split(",") if default else []), *features]
    merged = dict(launch_args)
    if default:
        merged["ignore_default_args"] = [*launch_args.get("ignore_default_args", []), default]
    merged["args"] = [*launch_args.get("args", []), SWITCH + ",".join(dict.fromkeys(names))]
    return merged
