"""The runner's language: one gettext domain (`posecoach`), chosen at the edge and
passed down as a context, never read from the environment below the CLI.

Every word a runner reads goes through `_` (gettext), `ngettext` or `pgettext`
here; dates and numbers through posecoach.render.text (Babel). The language in
force is a context variable: a command (or one request of the server) says
`with use("pl"):` around what it renders, so threads and nested commands never
see each other's choice.

Catalogues are loaded lazily, once per process and language: English needs
none (the msgids are the English text), and the Polish `.mo` (compiled from
`locale/pl/LC_MESSAGES/posecoach.po` when the package is built) is read on the
first Polish word. A source checkout that was never built reads the `.po`.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "posecoach"
SUPPORTED: tuple[str, ...] = ("en", "pl")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
# What posecoach's languages are called, in their own words (for help and errors).
NAMES = {"en": "English", "pl": "polski"}

_language: ContextVar[str] = ContextVar("posecoach_language", default=DEFAULT)


def language() -> str:
    """The language in force: what the command chose, else English."""
    return _language.get()


@contextmanager
def use(chosen: str) -> Iterator[str]:
    """Render in `chosen` (one of SUPPORTED) until the block ends."""
    token = _language.set(supported(chosen) or DEFAULT)
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def switch(chosen: str) -> None:
    """Render in `chosen` from now on, within the scope of the enclosing `use`: for the
    command line, which learns the plan's language after its command began."""
    _language.set(supported(chosen) or DEFAULT)


# ------------------------------------------------------------------ the catalogue


@cache
def translations(chosen: str) -> _gettext.NullTranslations:
    """The catalogue of `chosen`, read once per process (English: none needed)."""
    if chosen == DEFAULT:
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / chosen / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as data:
            return _gettext.GNUTranslations(data)
    if po.is_file():  # a source checkout never built, or a .po edited since
        return _compiled(po)
    return _gettext.NullTranslations()  # tests/test_catalogue.py checks the wheel ships it


def _compiled(po: Path) -> _gettext.GNUTranslations:
    """A `.po` compiled in memory, as the build would compile it."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as text:
        catalog = read_po(text)
    data = BytesIO()
    write_mo(data, catalog)
    data.seek(0)
    return _gettext.GNUTranslations(data)


def gettext(message: str) -> str:
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` (Polish has three: 1 tydzień, 2 tygodnie, 5 tygodni)."""
    return translations(_language.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """A message whose English is the same as another's but whose meaning is not."""
    return translations(_language.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return translations(_language.get()).npgettext(context, singular, plural, count)


_ = gettext


def N_(message: str) -> str:  # gettext's own name for it
    """Marks a message for the catalogue where it is defined (a table); translated with
    `_` where it is said."""
    return message


# ------------------------------------------------------------------ choosing


def supported(given: str | None) -> str | None:
    """`given` as one of SUPPORTED ('pl', 'PL', 'pl-PL', 'pl_PL.UTF-8': 'pl'), else None."""
    if not given:
        return None
    code = given.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    return code if code in SUPPORTED else None


def from_accept_language(header: str | None) -> str | None:
    """The language of a browser's `Accept-Language` posecoach speaks best, by q-value
    ('pl-PL,pl;q=0.9,en;q=0.8': 'pl'; 'en;q=0.5, pl': 'pl'); the first listed wins a
    tie; q=0 says "not this one". None when it names none posecoach speaks."""
    best: tuple[float, str] | None = None
    for entry in (header or "").split(","):
        tag, *params = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        found = supported(tag)
        if found is not None and 0 < weight <= 1 and (best is None or weight > best[0]):
            best = (weight, found)
    return best[1] if best is not None else None


def from_environment(environ: Mapping[str, str] = os.environ) -> str | None:
    """The system locale's language, as gettext finds it: LANGUAGE (a list, 'pl:en')
    unless the locale is C or POSIX, then LC_ALL, LC_MESSAGES, LANG; None when it names
    no language posecoach speaks."""
    locale = next(
        (environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), ""
    )
    plain = locale.split(".", 1)[0] in ("", "C", "POSIX")
    if environ.get("LANGUAGE") and not (locale and plain):
        for entry in environ["LANGUAGE"].split(":"):
            found = supported(entry)
            if found is not None:
                return found
    return None if plain else supported(locale)


def choose(
    flag: str | None = None,
    profile: str | None = None,
    system: str | None = None,
) -> str:
    """The language to speak: `--lang`, else the profile's `language:`, else the
    system locale's, else English."""
    for given in (flag, profile, system):
        found = supported(given)
        if found is not None:
            return found
    return DEFAULT
