"""The Welsh catalogue: every marked string translated, the compiled .mo up to date, and the
covered templates holding no user-facing text outside the translation functions."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "hls_events" / "translations"
CY_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
CY_MO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.mo"
PYBABEL = Path(sys.executable).parent / "pybabel"

# Templates whose every word goes through _() or {% trans %}. The list grows until it is all.
COVERED_TEMPLATES = [
    "base.html",
    "_macros/forms.html",
    "errors/error.html",
    "preferences/preferences.html",
    "accounts/sign_in.html",
    "accounts/sign_up.html",
    "accounts/sign_in_link_request.html",
    "accounts/reset_request.html",
    "accounts/reset_password.html",
    "accounts/change_name.html",
    "accounts/change_email.html",
    "email/base.html",
    "email/sign_in_link.html",
]
# Whole folders, every template in them (the organiser's, communities', proposals', reflections',
# accounts' and API's pages).
COVERED_FOLDERS = ["organise", "communities", "proposals", "reflections", "accounts", "api"]
COVERED_TEMPLATES += sorted(
    {
        str(path.relative_to(ROOT / "templates"))
        for folder in COVERED_FOLDERS
        for path in (ROOT / "templates" / folder).glob("*.html")
    }
    - set(COVERED_TEMPLATES)
)


def _extract(tmp_path: Path) -> Path:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(PYBABEL), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "--no-location", "-o", str(pot), "hls_events", "templates", "templates/_macros"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return pot


def test_every_marked_string_has_a_welsh_translation(tmp_path):
    with _extract(tmp_path).open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    with CY_PO.open("rb") as handle:
        welsh = {message.id: message for message in read_po(handle) if message.id}
    untranslated = sorted(
        str(msgid)
        for msgid in extracted
        if msgid not in welsh or not _translated(welsh[msgid].string) or welsh[msgid].fuzzy
    )
    assert not untranslated, f"run `make messages` and translate: {untranslated[:10]}"
    assert len(extracted) > 50


def _translated(string: str | tuple[str, ...]) -> bool:
    return bool(string) if isinstance(string, str) else all(string)


def test_the_compiled_catalogue_matches_the_po(tmp_path):
    """The .mo is committed so a fresh clone works; `make translations` refreshes it."""
    with CY_PO.open("rb") as handle:
        source = {_plain(m.id): _plain(m.string) for m in read_po(handle) if m.id and not m.fuzzy}
    with CY_MO.open("rb") as handle:
        compiled = {_plain(m.id): _plain(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run `make translations` and commit the .mo"


def _plain(value: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    # A plural (ngettext) entry is a tuple in the .po and a list in the .mo.
    return value if isinstance(value, str) else tuple(value)


def test_placeholders_survive_translation():
    with CY_PO.open("rb") as handle:
        for message in read_po(handle):
            if not message.id or isinstance(message.id, tuple):
                continue
            names = set(re.findall(r"%\((\w+)\)s", message.id))
            assert names == set(re.findall(r"%\((\w+)\)s", message.string)), message.id


class _TextNodes(HTMLParser):
    """Text between tags and the readable attributes, with Jinja's own parts taken out."""

    READABLE = ("alt", "title", "aria-label", "placeholder", "value")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        self._check(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.READABLE and value and not (tag == "input" and name == "value"):
                self._check(value)

    def _check(self, text: str) -> None:
        bare = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
        words = re.findall(r"[A-Za-z]{2,}", bare)
        if words:
            self.found.append(" ".join(words))


def _without_jinja_blocks(source: str) -> str:
    # Comments and whole expressions may span lines; take them out before parsing the HTML.
    return re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)


def test_covered_templates_have_no_text_outside_translation_functions():
    loose: dict[str, list[str]] = {}
    for name in COVERED_TEMPLATES:
        parser = _TextNodes()
        parser.feed(_without_jinja_blocks((ROOT / "templates" / name).read_text()))
        if parser.found:
            loose[name] = parser.found
    assert not loose, f"wrap these in _(): {loose}"


def test_the_scan_finds_loose_text():
    parser = _TextNodes()
    parser.feed(_without_jinja_blocks("<p>{{ _('Fine') }}</p><p>Not translated</p>"))
    assert parser.found == ["Not translated"]
