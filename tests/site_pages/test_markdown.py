"""render_markdown keeps what people write and drops anything that could run or restyle a page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from hls_events.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    clean_html,
    render_markdown,
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(str(html))
    parser.close()
    return parser.elements


def assert_safe(html: str) -> None:
    """Only allowed tags, only their allowed attributes, only safe link targets."""
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, f"{attributes} on <{tag}> in {html!r}"
        href = attributes.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:", "/", "#")), href
            assert not href.startswith("//"), href
        if tag == "a":
            assert attributes.get("rel") == "noopener"


def test_ordinary_markdown_becomes_html():
    html = render_markdown(
        "## Your rights\n\n"
        "You *can* ask **us**. See [the ICO](https://ico.org.uk/) or "
        "[email us](mailto:privacy@example.org) or [our terms](/privacy#rights).\n\n"
        "- one\n- two\n\n"
        "3. three\n\n"
        "> quoted\n\n"
        "Use `code` or\n\n```\na block\n```\n"
    )
    assert isinstance(html, Markup)
    assert "<h2>Your rights</h2>" in html
    assert "<em>can</em>" in html and "<strong>us</strong>" in html
    assert '<a href="https://ico.org.uk/" rel="noopener">the ICO</a>' in html
    assert '<a href="mailto:privacy@example.org" rel="noopener">email us</a>' in html
    assert '<a href="/privacy#rights" rel="noopener">our terms</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert '<ol start="3">' in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<code>code</code>" in html and "<pre><code>a block\n</code></pre>" in html
    assert_safe(html)


def test_empty_text_is_empty_markup():
    assert render_markdown("") == Markup("")
    assert render_markdown(None) == Markup("")


DANGEROUS_HTML = [
    "<script>alert('x')</script>",
    "Hello <script src=https://evil.example/x.js></script>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">click</a>',
    "<p onmouseover=alert(1)>hover</p>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body { display: none }</style>",
    '<span style="position:fixed;top:0;left:0;width:100%;height:100%">cover</span>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<svg onload=alert(1)>",
    "<object data=x></object><embed src=x>",
    '<a href="javascript:alert(1)">x</a>',
    '<form action="https://evil.example"><input name=password></form>',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<!-- <script>alert(1)</script> -->",
]


@pytest.mark.parametrize("text", DANGEROUS_HTML)
def test_raw_html_typed_in_markdown_is_shown_as_text(text):
    html = render_markdown(text)
    assert_safe(html)
    assert elements(html) in ([], [("p", {})])  # at most the paragraph around the text


@pytest.mark.parametrize("text", DANGEROUS_HTML)
def test_the_cleaning_layer_alone_removes_it_too(text):
    """If the Markdown layer ever let HTML through, nh3 would still remove the danger."""
    html = clean_html(text)
    assert_safe(html)
    # Script and style bodies go with their tags, rather than being shown as text.
    assert "display: none" not in html and "alert('x')" not in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](file:///etc/passwd)",
        "[x](//evil.example/path)",
        "<javascript:alert(1)>",
        '[x](https://example.org "title" onclick=alert(1))',
        "[x]: javascript:alert(1)\n\n[x]",
    ],
)
def test_only_http_https_mailto_and_same_site_links_survive(link):
    html = render_markdown(link)
    assert_safe(html)
    assert all(
        not (attributes.get("href") or "").lower().startswith(("javascript", "vbscript", "data"))
        for _tag, attributes in elements(html)
    )


def test_links_keep_only_their_target_and_title():
    html = render_markdown('[x](https://example.org "a title")')
    assert html == Markup(
        '<p><a href="https://example.org" title="a title" rel="noopener">x</a></p>'
    )


def test_pictures_are_dropped():
    html = render_markdown("![tracking pixel](https://evil.example/p.gif)")
    assert "<img" not in html
    assert_safe(html)
