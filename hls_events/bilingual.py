"""Content written in English and, optionally, Welsh: which one a reader sees, and its ``lang``.

Programmes, events, sessions, communities and reflection prompts keep each text twice: the
English in ``<field>`` (required where the field is) and the Welsh in ``<field>_cy`` (optional).
A Welsh reader sees the Welsh where it exists and the English otherwise; an English reader sees
the English, or the Welsh where there is no English. Text in a language other than the page's
carries ``lang`` (Welsh Language Standards: the other language is marked, so that screen
readers speak it right), which ``Localised`` gives to templates as an attribute.

The reader's language is passed in or, inside a request, the page's (``hls_events/i18n.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from markupsafe import Markup, escape
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Length

from .i18n import current_language, html_lang
from .lazy_text import _l
from .markdown import render_markdown

WELSH = "cy"
ENGLISH = "en_GB"
SUFFIX = "_cy"


@dataclass(frozen=True)
class Localised:
    """One text as shown to a reader, and the BCP 47 tag of its language when that differs from
    the page's ("" when it is the page's own)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> Markup:
        """Inline: wrapped in <span lang> when in the other language."""
        if self.lang:
            return Markup('<span lang="{}">{}</span>').format(self.lang, self.text)
        return escape(self.text)

    @property
    def attr(self) -> Markup:
        """` lang="en-GB"` for an element holding the text, or nothing."""
        return Markup(' lang="{}"').format(self.lang) if self.lang else Markup("")


def welsh_of(item: Any, field: str) -> str:
    return cast(str, getattr(item, field + SUFFIX, "") or "")


def localised(item: Any, field: str, language: str | None = None) -> Localised:
    """``item.<field>`` in the reader's language where it has it, with ``lang`` when not the
    page's. ``item`` is anything with ``<field>`` and ``<field>_cy`` (a model or a row)."""
    language = language or current_language()
    english = cast(str, getattr(item, field, "") or "")
    welsh = welsh_of(item, field)
    if language == WELSH:
        if welsh:
            return Localised(welsh)
        return Localised(english, html_lang(ENGLISH) if english else "")
    if english or not welsh:
        return Localised(english)
    return Localised(welsh, html_lang(WELSH))


def localised_text(item: Any, field: str, language: str | None = None) -> str:
    """The plain text only, for places with no markup (page titles, emails, feeds)."""
    return localised(item, field, language).text


def localised_markdown(item: Any, field: str, language: str | None = None) -> Localised:
    """A Markdown field rendered (cleaned) in the reader's language; put ``.attr`` on its box."""
    shown = localised(item, field, language)
    # ``text`` stays Markup (cleaned by render_markdown): templates write ``.text`` as it is.
    return Localised(render_markdown(shown.text), shown.lang)


# --- Forms ----------------------------------------------------------------------------------

_WELSH_HINT = _l("Optional. Welsh readers see this instead of the English.")


def welsh_field(label: str, max_length: int, *, long: bool = False) -> Field:
    """A Welsh twin of an English field: optional, marked ``lang="cy"`` so that browsers check
    the spelling and screen readers speak it in Welsh."""
    kind = TextAreaField if long else StringField
    return cast(
        Field,
        kind(
            label,
            description=_WELSH_HINT,
            validators=[Length(max=max_length)],
            render_kw={"lang": WELSH},
        ),
    )


def welsh_values(form: Any, fields: Iterable[str]) -> dict[str, str]:
    """The Welsh fields' values from a form, by English field name: {"title": "..."}."""
    values = {}
    for name in fields:
        field = getattr(form, name + SUFFIX, None)
        values[name] = (field.data or "") if field is not None else ""
    return values


def apply_welsh(item: Any, welsh: dict[str, str]) -> None:
    """Store the Welsh texts on a model, trimmed; a field missing from ``welsh`` is kept."""
    for name, value in welsh.items():
        setattr(item, name + SUFFIX, value.replace("\x00", "").strip())


# --- Emails ---------------------------------------------------------------------------------


class InReadersLanguage:
    """An item whose bilingual fields read in the language being written, for email templates
    that say ``event.title``: the email is rendered in its recipient's language
    (``queue_email``), so ``title`` is the Welsh for a Welsh recipient where there is one.
    Everything else is the item's own."""

    def __init__(self, item: Any) -> None:
        self._item = item

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._item, name)
        if isinstance(value, str) and hasattr(self._item, name + SUFFIX):
            return localised_text(self._item, name)
        return value
