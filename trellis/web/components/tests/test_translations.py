"""The Spanish catalogue: complete, in step with the source, shipped compiled, and what Spanish speakers see.

A string marked for translation but missing from trellis/locale/es/LC_MESSAGES/django.po fails this suite:
run `make messages`, translate the new entries (no fuzzy ones, no empty msgstr) and commit the .po and .mo.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize

import trellis

SOURCE_DIR = Path(trellis.__file__).resolve().parent
LOCALE_DIR = SOURCE_DIR / "locale"
PO_FILE = LOCALE_DIR / "es" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# The same scope as `make messages`: the pure core and the tests mark nothing for translation.
IGNORED_DIRS = ("learner_model", "interop", "tests")
NEVER_SCANNED = ("locale", "static", "__pycache__", "*.pyc")

Key = tuple[str, str, str | None]  # (msgctxt, msgid, msgid_plural)


# ---------------------------------------------------------------------------------------------- .po reader


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid, self.msgid_plural)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PO_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], "\\" + m[1]), text)


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the messages of a .po file; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry = Entry()
    last: tuple[str, int] | None = None  # the keyword (and msgstr index) that continuation lines extend

    def finish() -> None:
        nonlocal entry, last
        if last is not None:
            entries.append(entry)
        entry, last = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if entry.msgstr:
                finish()  # the next entry's comments, with no blank line between
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif match := _PO_LINE.match(line):
            keyword, index, text = match[1], int(match[2] or 0), _unescape(match[3])
            if keyword in {"msgctxt", "msgid"} and entry.msgstr:
                finish()
            if keyword.startswith("msgstr"):
                keyword = "msgstr"
                entry.msgstr[index] = text
            else:
                setattr(entry, keyword, text)
            last = (keyword, index)
        elif line.startswith('"') and line.endswith('"') and last is not None:
            keyword, index = last
            text = _unescape(line[1:-1])
            if keyword == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, keyword, getattr(entry, keyword) + text)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    headers = [e for e in entries if e.msgid == "" and not e.msgctxt]
    assert len(headers) == 1, f"{path} must have exactly one header entry"
    return headers[0], [e for e in entries if e is not headers[0]]


def nplurals(header: Entry) -> int:
    match = re.search(r"^Plural-Forms:.*nplurals\s*=\s*(\d+)", header.msgstr[0], re.MULTILINE)
    assert match, "the .po header must give Plural-Forms"
    return int(match[1])


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO_FILE.is_file(), f"{PO_FILE} is missing: run `make messages`"
    return read_po(PO_FILE)


# --------------------------------------------------------------------------------- (1) complete, no fuzzy


def test_every_spanish_entry_is_translated_and_none_is_fuzzy(catalogue: tuple[Entry, list[Entry]]) -> None:
    header, entries = catalogue
    assert entries, "the Spanish catalogue is empty"
    assert "fuzzy" not in header.flags, "the .po header is still marked fuzzy"
    forms = nplurals(header)
    problems = []
    for e in entries:
        if "fuzzy" in e.flags:
            problems.append(f"fuzzy: {e.msgid!r}")
        expected = range(forms) if e.msgid_plural is not None else range(1)
        if sorted(e.msgstr) != list(expected) or not all(e.msgstr[i].strip() for i in expected):
            problems.append(f"untranslated: {e.msgid!r}")
    assert not problems, "Translate these in the Spanish .po:\n" + "\n".join(problems)


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\{\s*\w+\s*\}\}")


def test_translations_keep_the_placeholders(catalogue: tuple[Entry, list[Entry]]) -> None:
    """Same placeholders as the English; a plural form may leave the count out ("Un estudiante")."""
    problems = []
    for e in catalogue[1]:
        english = sorted(_PLACEHOLDER.findall(e.msgid))
        both = set(english) | set(_PLACEHOLDER.findall(e.msgid_plural or ""))
        for index, text in e.msgstr.items():
            used = sorted(_PLACEHOLDER.findall(text))
            if (e.msgid_plural is None and used != english) or not set(used) <= both:
                problems.append(f"{e.msgid!r} -> msgstr[{index}] {text!r}")
    assert not problems, "Placeholders differ from the English:\n" + "\n".join(problems)


def test_the_shipped_mo_matches_the_po(catalogue: tuple[Entry, list[Entry]]) -> None:
    """The .mo is committed so that a machine without gettext serves Spanish: it must be the compiled .po."""
    assert MO_FILE.is_file(), f"{MO_FILE} is missing: run `make messages`"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in catalogue[1]:
        if e.msgid_plural is None:
            got = compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)
            if got != e.msgstr.get(0):
                stale.append(e.msgid)
            continue
        for n in (1, 2, 1_000_000):
            index = compiled.plural(n)  # type: ignore[attr-defined]
            if e.msgctxt:
                got = compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
            else:
                got = compiled.ngettext(e.msgid, e.msgid_plural, n)
            if got != e.msgstr.get(index):
                stale.append(e.msgid)
                break
    assert not stale, "The .mo is out of date with the .po (run `make messages`):\n" + "\n".join(stale)


# ------------------------------------------------------------------ (2) every marked string is in the .po


def _source_files() -> list[Path]:
    skipped = {*IGNORED_DIRS, "locale", "static", "__pycache__"}
    return sorted(
        path
        for path in SOURCE_DIR.rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and path.is_file()
        and not skipped.intersection(path.relative_to(SOURCE_DIR).parts[:-1])
    )


# The calls xgettext is told to look for by makemessages (positions of msgctxt, msgid and msgid_plural).
_PY_KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALL = re.compile(
    rf"\b(?P<fn>_|n?p?gettext)\(\s*(?P<args>{_STRING}(?:\s*,\s*{_STRING})*)(?:\s*,\s*count)?\s*\)"
)


def _key(fn: str, args: list[str]) -> Key | None:
    ctx, msgid, plural = _PY_KEYWORDS[fn]
    needed = max(i for i in (ctx, msgid, plural) if i is not None)
    if len(args) <= needed:
        return None
    return (
        args[ctx] if ctx is not None else "",
        args[msgid],
        args[plural] if plural is not None else None,
    )


def _marked_in_python(path: Path) -> set[Key]:
    found: set[Key] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in _PY_KEYWORDS:
            continue
        args = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            args.append(arg.value)
        key = _key(name, args)
        if key is not None:
            found.add(key)
    return found


def _marked_in_template(path: Path) -> set[Key]:
    """What makemessages sees: Django's own templatize() turns {% translate %} and {% blocktranslate %}
    (plural, context, trimmed) into gettext calls, exactly as xgettext is fed them."""
    found: set[Key] = set()
    for match in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        args = [ast.literal_eval(s) for s in re.findall(_STRING, match["args"])]
        key = _key(match["fn"], args)
        if key is not None:
            found.add(key)
    return found


def test_every_marked_string_is_in_the_spanish_po(catalogue: tuple[Entry, list[Entry]]) -> None:
    """Needs no gettext: reads the templates through templatize() and the Python through its syntax tree."""
    marked: dict[Key, str] = {}
    for path in _source_files():
        keys = _marked_in_python(path) if path.suffix == ".py" else _marked_in_template(path)
        for key in keys:
            marked.setdefault(key, str(path.relative_to(SOURCE_DIR)))
    assert len(marked) > 100, "the extractor found too few strings; is it still reading the templates?"
    in_po = {e.key for e in catalogue[1]}
    missing = sorted(f"{where}: {key[1]!r}" for key, where in marked.items() if key not in in_po)
    assert not missing, (
        "Marked for translation but not in the Spanish .po (run `make messages`, then translate):\n"
        + "\n".join(missing)
    )


def test_makemessages_would_change_no_message(
    catalogue: tuple[Entry, list[Entry]], tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The authoritative check: `make messages` run on a copy of the source adds, drops and fuzzes nothing."""
    source = tmp_path / "trellis"
    shutil.copytree(SOURCE_DIR, source, ignore=shutil.ignore_patterns(*IGNORED_DIRS, *NEVER_SCANNED))
    locale = tmp_path / "locale"
    (locale / "es" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_FILE, locale / "es" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [locale]  # never the real catalogue
    monkeypatch.chdir(source)
    call_command(
        "makemessages",
        locale=["es"],
        add_location="file",
        no_obsolete=True,
        ignore_patterns=[f"{d}/*" for d in IGNORED_DIRS],
        verbosity=0,
    )
    header, merged = read_po(locale / "es" / "LC_MESSAGES" / "django.po")
    committed = {e.key: e for e in catalogue[1]}
    fresh = {e.key: e for e in merged}
    new = sorted(repr(k[1]) for k in fresh.keys() - committed.keys())
    gone = sorted(repr(k[1]) for k in committed.keys() - fresh.keys())
    fuzzy = sorted(repr(e.msgid) for e in merged if "fuzzy" in e.flags)
    assert not new, "New strings not in the Spanish .po (run `make messages`, translate):\n" + "\n".join(new)
    assert not fuzzy, "English changed (run `make messages`, fix the fuzzy ones):\n" + "\n".join(fuzzy)
    assert not gone, "Strings no longer in the source (run `make messages`):\n" + "\n".join(gone)
    assert nplurals(header) == nplurals(catalogue[0])


# ------------------------------------------------------------------------ (3) what a Spanish speaker sees


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "lang", "heading", "absent"),
    [
        ("es", "es", "Inicia sesión en Trellis", "Sign in to Trellis"),
        ("es-MX,es;q=0.9,en;q=0.5", "es", "Inicia sesión en Trellis", "Sign in to Trellis"),
        ("en-US,en;q=0.9", "en", "Sign in to Trellis", "Inicia sesión en Trellis"),
    ],
)
def test_the_sign_in_page_speaks_the_browsers_language(
    client: Client, accept_language: str, lang: str, heading: str, absent: str
) -> None:
    response = client.get(reverse("accounts:sign-in"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert absent not in page
    assert response["Content-Language"] == lang
