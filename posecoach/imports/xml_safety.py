"""Reading XML from strangers: no entities, no DTDs, no network, no depth beyond reason."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from posecoach import limits
from posecoach.imports.activity import ActivityError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_BYTES = limits.ACTIVITY_BYTES
MAX_DEPTH = limits.XML_DEPTH
# Searched in place: upper-casing a whole document to look for it copied every byte.
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
# Comments, CDATA sections and processing instructions may hold "<" and "</" that
# are not tags. One left open runs to the end, as it does for the parser (and so
# that many unclosed ones cannot make the search quadratic).
_HIDDEN = re.compile(rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)", re.DOTALL)
# A self-closing tag, `<name attr="value"/>`: quoted values may hold ">" and "/"
# but never "<", so a match stays inside one tag and the scan stays linear.
_SELF_CLOSING = re.compile(rb"""<[^/!?<>"'][^<>"']*(?:(?:"[^"<]*"|'[^'<]*')[^<>"']*)*/>""")
# In the string of tags: "<" opens, this closes. Any \x01 already in a document is
# not XML, and the parser stops there; counting it as a close changes nothing before.
_CLOSE = b"\x01"
_NOT_A_TAG = bytes(b for b in range(256) if b not in b"<\x01")
_TOO_MANY_OPENS = b"<" * (MAX_DEPTH + 1)
# Bytes that never follow "<" in XML (which a name, "/", "!" or "?" does): digits,
# spaces, most punctuation, half of an activity file. Dropping them leaves each "</"
# as it was, and halves the one slower search, for a two-byte "</".
_NEVER_AFTER_OPEN = bytes(
    b for b in range(128) if not chr(b).isalpha() and chr(b) not in "<:_/!?\x01"
)


def checked_xml(data: bytes, kind: str) -> bytes:
    """The document with leading whitespace removed (it breaks XML parsers),
    refused when it declares a DTD or entities (billion laughs, external files)
    or nests its elements deeper than any activity file does."""
    if len(data) > MAX_BYTES:
        raise ActivityError(f"the {kind} file is larger than {MAX_BYTES // 2**20} MB")
    data = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    text = _utf8(data)
    head = text[:4096].upper()
    # `!` is found by memchr first: most files have none, and then no declaration.
    if b"<!DOCTYPE" in head or (b"!" in text and _ENTITY.search(text)):
        raise ActivityError(f"the {kind} file declares a DTD or entities, which posecoach refuses")
    if nesting(text) > MAX_DEPTH:
        raise ActivityError(
            f"the {kind} file nests its elements more than {MAX_DEPTH} deep (an activity"
            " file nests them about 8 deep): not one activity"
        )
    return data


def _utf8(data: bytes) -> bytes:
    """The document as UTF-8 for the checks, which look for ASCII bytes: the parser
    also reads UTF-16 (a NUL among the first bytes), so that is transcoded."""
    if b"\x00" not in data[:4]:
        return data
    bom = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    codec = "utf-16" if bom else "utf-16-be" if data[:1] == b"\x00" else "utf-16-le"
    return data.decode(codec, errors="replace").encode()


def nesting(data: bytes) -> int:
    """How deep the document nests its elements, or a figure above that which is over
    MAX_DEPTH only when the depth is. Counted before parsing, because the parser holds
    every open element: a few megabytes of opening tags take gigabytes to parse.

    At C speed, as the readers are timed against the parser alone: a few scans of the
    document, then a `replace` per level over the string of its tags, a tenth its size.
    """
    # After the declaration, a `!` or `?` (memchr: most files have none) may start
    # a comment, CDATA or instruction whose text would be taken for tags.
    start = data.find(b">") + 1 if data.startswith(b"<?") else 0
    declaration = 1 if start else 0  # its `<` is the first of the tags, and no element
    bang = b"!" in data and b"<!" in data
    if bang or (data.find(b"?", start) >= 0 and data.find(b"<?", start) >= 0):
        data, declaration = _HIDDEN.sub(b"", data), 0  # the declaration goes with them
    depth = _depth(data, declaration)
    if depth > MAX_DEPTH and b"/>" in data:
        # Self-closing tags were counted as opens, which can only overstate the
        # depth; only now are they made open-close pairs, by a slower (linear) scan.
        depth = _depth(_SELF_CLOSING.sub(b"<" + _CLOSE, data), declaration)
    return depth


def _depth(data: bytes, skip: int) -> int:
    """The depth of the tags of `data` after the first `skip`, taking each `<` not
    followed by `/` for an open."""
    tags = data.translate(None, _NEVER_AFTER_OPEN).replace(b"</", _CLOSE)
    tags = tags.translate(None, _NOT_A_TAG)[skip:]
    depth = 0
    while depth <= MAX_DEPTH:
        if _TOO_MANY_OPENS in tags:  # so many opens in a row are nested: too deep already
            return MAX_DEPTH + 1
        # Each pass takes out the innermost open-close pairs: n passes for n deep.
        inner = tags.replace(b"<" + _CLOSE, b"")
        if len(inner) == len(tags):
            break
        tags, depth = inner, depth + 1
    # Opens never closed (a file cut short) enclose all that follows them.
    return depth + tags.count(b"<")


def parse_xml(document: bytes, kind: str) -> Element:
    """The root of a TCX or GPX document that checked_xml has let through; any
    failure said in words.

    Parsed with defusedxml's parser (entity declarations and external references
    refused by its own handlers), but the elements go from expat straight to
    ElementTree's TreeBuilder, written in C,
    where defusedxml passes each through pure-Python handlers: some 40% of its
    parse time (benchmarks/imports.py).
    The tags read "uri}name" rather than "{uri}name"; the readers match names
    after the "}" either way.
    """
    from xml.etree.ElementTree import TreeBuilder

    from defusedxml.common import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser, ParseError

    builder = TreeBuilder()
    parser = DefusedXMLParser(target=builder)
    expat = parser.parser  # defusedxml's own handlers stay on it
    expat.ordered_attributes = False  # attributes as the dict TreeBuilder takes
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    try:
        parser.feed(document)
        root: Element = parser.close()
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ActivityError(
            f"the {kind} file is damaged or cut short: its XML breaks at line {line},"
            f" column {column}"
        ) from None
    except (DefusedXmlException, ValueError, LookupError) as error:  # LookupError: encoding
        raise ActivityError(f"not a readable {kind} file ({error})") from None
    return root


def local_date_of(times: Sequence[datetime]) -> date | None:
    """The date in the file's own local time, when its times carry a real offset.

    A `Z` (or +00:00) says nothing about where the runner was: the caller then
    uses the runner's zone.
    """
    first = min(times, default=None)
    if first is None or first.utcoffset() in (None, timedelta(0)):
        return None
    return first.date()
