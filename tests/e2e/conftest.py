"""Browser tests: the real app served over real HTTP, driven by Debian's Chromium.

Every test here gets the function-scoped `app` from tests/conftest.py (a real, migrated
database, emptied afterwards) served by a threaded Werkzeug server on 127.0.0.1, and a
fresh browser context of one Chromium shared by the whole run. Nothing here is skipped:
if Chromium or axe-core is missing the tests fail and say to run `make test`.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.factories import PASSWORD

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
HOW_TO_INSTALL = "Run `make test`, which installs Chromium (make browser) and axe-core (npm ci)."
DEFAULT_TIMEOUT_MS = 10_000
# Assertions wait as long as actions do: the machines running the suite can be busy.
expect.set_options(timeout=DEFAULT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e drives a browser: mark it so it can be selected or left out."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# --- The live server ---------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request; errors are still logged."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture
def _listening_socket() -> Iterator[socket.socket]:
    """A socket bound to a free port before the app exists, so SERVER_NAME can name it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock


@pytest.fixture
def app_config(_listening_socket: socket.socket) -> dict[str, Any]:
    """The live server's own address, so url_for(..., _external=True) in a test points at it."""
    host, port = _listening_socket.getsockname()
    # Emailed links are built from BASE_URL: point it at the live server the browser opens.
    return {"SERVER_NAME": f"{host}:{port}", "BASE_URL": f"http://{host}:{port}"}


@pytest.fixture
def live_server(app: Flask, _listening_socket: socket.socket) -> Iterator[LiveServer]:
    host, port = _listening_socket.getsockname()
    server = make_server(
        host,
        port,
        app,
        threaded=True,
        request_handler=_QuietRequestHandler,
        fd=_listening_socket.fileno(),
    )
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"live-server-{port}",
        daemon=True,
    )
    thread.start()
    try:
        yield LiveServer(host, port)
    finally:
        # Browser contexts are closed before this runs (they depend on this fixture), so no
        # keep-alive connection holds a request thread open; serve_forever closes the server.
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        assert not thread.is_alive(), "the live server did not stop within 10 seconds"


# --- The browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (Debian's, never Playwright's download)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}. {HOW_TO_INSTALL}", pytrace=False)
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as error:
            pytest.fail(
                f"Chromium at {CHROMIUM} did not start: {error}\n{HOW_TO_INSTALL}", pytrace=False
            )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context: a separate visitor with their own cookies.

    Any 5xx answer the app gives while a test runs fails that test at teardown.
    """
    contexts: list[BrowserContext] = []
    server_errors: list[str] = []

    def record_server_error(response: Response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def _open_page(**context_options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            # The app's Content-Security-Policy forbids injected script; axe needs to run.
            bypass_csp=True,
            locale="en-GB",
            **context_options,
        )
        contexts.append(context)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("response", record_server_error)
        return context.new_page()

    yield _open_page
    for context in contexts:
        context.close()
    if server_errors:
        pytest.fail("The app answered with a server error:\n" + "\n".join(server_errors))


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    return open_page()


# --- Helpers for tests -------------------------------------------------------------------


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now and fail listing every WCAG 2.2 AA violation."""
    if not AXE_PATH.is_file():
        pytest.fail(f"axe-core is not installed at {AXE_PATH}. {HOW_TO_INSTALL}", pytrace=False)
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    violations = page.evaluate(
        """async (options) => {
            const results = await window.axe.run(document, options);
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "),
                    summary: n.failureSummary || "",
                })),
            }));
        }""",
        AXE_OPTIONS,
    )
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"    at {node['target']}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def assert_form_controls_labelled(page: Page) -> None:
    """Every visible input, select and textarea has a label (axe checks this too; this names them)."""
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                'input:not([type=hidden]), select, textarea'))
            .filter((el) => !(el.labels && el.labels.length)
                && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
            .map((el) => el.outerHTML)"""
    )
    assert not unlabelled, f"form controls without a label on {page.url}: {unlabelled}"


def goto(page: Page, path: str, status: int = 200) -> Response:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def submit(page: Page, button_name: str) -> Response:
    """Click a form's submit button, wait for the page it leads to, and return the answer to
    the POST itself (so a test can tell a redirect after saving from a 422 with errors)."""
    with (
        page.expect_event("load"),
        page.expect_response(lambda r: r.request.method == "POST") as answer,
    ):
        page.get_by_role("button", name=button_name, exact=True).click()
    return answer.value


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, the way a person does."""
    goto(page, "/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    response = submit(page, "Sign in")
    assert response.status == 302, f"signing in as {email} answered {response.status}"
    # On a phone the header's links are folded into its menu: the sign-out button is there,
    # though not shown until the menu is opened.
    expect(page.locator("form[action$='/sign-out'] button")).to_be_attached()
