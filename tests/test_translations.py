"""The Welsh catalogue: every marked string translated, the compiled .mo up to date, and the
covered templates holding no user-facing text outside the translation functions."""

from __future__ import annotations

import ast
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

# Every template: every word in it goes through _() or {% trans %}.
COVERED_TEMPLATES = sorted(
    path.relative_to(ROOT / "templates").as_posix()
    for path in (ROOT / "templates").rglob("*")
    if path.is_file()
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
        source = {_key(m.id): _key(m.string) for m in read_po(handle) if m.id and not m.fuzzy}
    with CY_MO.open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run `make translations` and commit the .mo"
    assert any(isinstance(msgid, tuple) for msgid in compiled), "plural forms are compiled"


def _key(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """A plural entry's forms (a list from the .mo, a tuple from the .po) as a tuple."""
    return value if isinstance(value, str) else tuple(value)


def test_placeholders_survive_translation():
    with CY_PO.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                _check_plural_forms(message.id, message.string)
                continue
            names = set(re.findall(r"%\((\w+)\)s", message.id))
            assert names == set(re.findall(r"%\((\w+)\)s", message.string)), message.id


def _check_plural_forms(msgid: tuple[str, ...], forms: tuple[str, ...]) -> None:
    """Welsh has six plural forms: all of them filled, each using only the English plural's
    placeholders, and every form for numbers other than one saying the number."""
    assert len(forms) == 6 and all(forms), msgid
    allowed = set(re.findall(r"%\((\w+)\)[sd]", msgid[1]))
    for form in forms:
        assert set(re.findall(r"%\((\w+)\)[sd]", form)) <= allowed, (msgid, form)
    number = re.search(r"%\((num|count)\)[sd]", msgid[1])
    if number:
        for n in (2, 3, 4, 5):
            assert number.group(0) in forms[n], (msgid, forms[n])


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
            # A button's or an option's value is sent, not shown; an input's is the person's.
            shown = not (name == "value" and tag in ("input", "button", "option"))
            if name in self.READABLE and value and shown:
                self._check(value)

    def _check(self, text: str) -> None:
        bare = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)
        words = re.findall(r"[A-Za-z]{2,}", bare)
        if words:
            self.found.append(" ".join(words))


def _without_jinja_blocks(source: str) -> str:
    # {% trans %} blocks are translated whole; comments and whole expressions may span lines.
    # Take them out before parsing the HTML.
    source = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", " ", source, flags=re.S)
    return re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)


def test_the_covered_folders_hold_templates():
    assert len(COVERED_TEMPLATES) > 100
    assert "email/registration_confirmed.txt" in COVERED_TEMPLATES


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
    parser.feed(
        _without_jinja_blocks(
            "<p>{{ _('Fine') }}</p><p>Not translated</p>"
            "<p>{% trans n=1 %}Also fine, {{ n }}{% endtrans %} but not this</p>"
        )
    )
    assert parser.found == ["Not translated", "but not this"]


# --- Python modules: user-facing text passed straight to flash(), form fields, validators,
# ServiceError and label/description keywords, instead of through gettext and friends.

PACKAGE = ROOT / "hls_events"
# Validators and refusals whose first argument is the message shown to the person.
MESSAGE_FIRST = {"DataRequired", "InputRequired", "Email", "URL", "FileRequired", "ValidationError"}
TRANSLATING = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext"}

# Modules whose text is not shown in the reader's language, on purpose: the API's JSON errors
# and OpenAPI text (English, for developers), and lines written into the database for everyone
# (the activity log, the titles of a community's series and tasters). Each entry is a path
# under hls_events/; a module done must not come back.
NOT_YET_TRANSLATED = [
    "api/",
    "communities/meetings.py",
    "communities/running.py",
    "organise/activity.py",
]


def _has_letters(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2,}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_letters(part) for part in node.values if isinstance(part, ast.Constant))
    return False


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _service_error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """ServiceError and every class in the package that descends from it, by name."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
                bases.setdefault(node.name, set()).update(names)
    found = {"ServiceError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def _loose_strings(tree: ast.Module, service_errors: set[str]) -> list[str]:
    loose: list[tuple[int, str]] = []

    def note(node: ast.AST, what: str) -> None:
        if _has_letters(node):
            loose.append((node.lineno, what))  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name in TRANSLATING:
            continue
        first = node.args[0] if node.args else None
        if name == "flash" and first is not None:
            note(first, "flash()")
        if name in service_errors:
            if first is not None:
                note(first, name)
            for keyword in node.keywords:
                if keyword.arg == "message":
                    note(keyword.value, f"{name}(message=)")
        if name.endswith("Field") and first is not None:
            note(first, f"{name} label")
        if name in MESSAGE_FIRST and first is not None:
            note(first, name)
        if name == "SelectChoice" and len(node.args) > 1:
            note(node.args[1], "SelectChoice label")
        for keyword in node.keywords:
            if keyword.arg in ("label", "description"):
                note(keyword.value, f"{keyword.arg}=")
            elif keyword.arg == "message" and name not in service_errors:
                note(keyword.value, f"{name}(message=)")
            elif keyword.arg == "choices" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for choice in keyword.value.elts:
                    if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                        note(choice.elts[1], f"{name} choice")
    return [f"line {line}: {what}" for line, what in sorted(loose)]


def _package_trees() -> dict[str, ast.Module]:
    return {
        path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_python_modules_pass_user_facing_text_through_gettext():
    trees = _package_trees()
    service_errors = _service_error_classes(trees)
    loose = {
        module: found
        for module, tree in trees.items()
        if not module.startswith(tuple(NOT_YET_TRANSLATED))
        and (found := _loose_strings(tree, service_errors))
    }
    assert not loose, f"wrap these in gettext/lazy_gettext (or _l): {loose}"


def test_the_python_scan_finds_loose_text():
    source = (
        "from flask_babel import lazy_gettext as _l\n"
        "class RefusedError(ServiceError): pass\n"
        "flash('Saved')\n"
        "flash(_('Saved'))\n"
        "name = StringField('Your name', validators=[Length(max=5, message='Too long')])\n"
        "name = StringField(_l('Your name'), description=_l('As it appears'))\n"
        "raise RefusedError(f'No places left for {event}')\n"
        "kind = SelectField(label=_l('Kind'), choices=[('a', 'Apple'), ('b', _l('Banana'))])\n"
        "flash(message)\n"
        "email = EmailField(_l('Email'), validators=[DataRequired('Enter it.')])\n"
        "sector = SelectField(_l('Sector'), choices=[SelectChoice('', 'Any sector')])\n"
    )
    tree = ast.parse(source)
    assert _loose_strings(tree, _service_error_classes({"x": tree})) == [
        "line 3: flash()",
        "line 5: Length(message=)",
        "line 5: StringField label",
        "line 7: RefusedError",
        "line 8: SelectField choice",
        "line 10: DataRequired",
        "line 11: SelectChoice label",
    ]


def test_the_not_yet_translated_list_names_real_places():
    for entry in NOT_YET_TRANSLATED:
        assert (PACKAGE / entry).exists(), entry
