"""Reading XML from strangers: no entities, no DTDs, no network, no depth beyond
reason, and never a whole document in memory.

A document is fed to expat a piece at a time (defusedxml's parser: its handlers
refuse a DTD, entity declarations and external references). Elements are built
by ElementTree's C TreeBuilder, but each start and end passes through this
module first, which keeps of the tree only what a reader asks for:

- an element of a kind the reader names is opened and closed as it comes (a
  GPX track, a TCX lap), its contents dropped as each child ends;
- an element of a "whole" kind (a track point, a trackpoint) is handed over
  whole when it ends, then dropped: a sample is a few elements;
- anything else is passed over, and dropped as it ends.

So memory follows what the reader keeps (limits.ACTIVITY_SAMPLES bounds that),
not the file's size; depth is counted exactly as the parser goes, and a whole
element over limits.SAMPLE_BYTES, or a stretch with no element in it over
limits.XML_QUIET_BYTES (a text, a comment or a tag that long, which the parser
would hold), is refused as soon as it is seen.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from posecoach import limits
from posecoach.i18n import N_, _
from posecoach.imports.activity import ActivityError
from posecoach.render.text import grouped

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_DEPTH = limits.XML_DEPTH
PIECE = 64 * 1024  # fed to the parser at a time
_BOM = b"\xef\xbb\xbf"
_ROOT = ""  # the parent kind of the document's root element


@cache  # a document has a handful of distinct tags, met hundreds of thousands of times
def local(tag: object) -> str:
    """A tag's name without its namespace: expat writes them "uri}name"."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Refused(Exception):
    """Raised inside a parser handler: the parse stops and the reason is given."""


class XmlReader:
    """Reads one kind of XML document (GPX, TCX) as a stream.

    A subclass names the elements it reads in KINDS, by the kind of their parent
    (None for the document's root) and their local name; those of a kind in WHOLE
    are handed to `closed` with their contents, the others are `opened` and
    `closed` around theirs. `root` is told the root's name.
    """

    KIND: ClassVar[str] = "XML"  # the format's name, for messages
    KINDS: ClassVar[dict[tuple[str | None, str], str]] = {}
    WHOLE: ClassVar[frozenset[str]] = frozenset()
    SAMPLE: ClassVar[str] = N_("element")  # what a whole element is, for messages

    def root(self, name: str) -> str | None:
        """The root's kind (or None to pass over it), or raise ActivityError."""
        return self.KINDS.get((None, name))

    def kind_of(self, parent: str, name: str) -> str | None:
        """The kind of an element named `name` in one of kind `parent`, None to pass over it."""
        return self.KINDS.get((parent, name))

    def opened(self, kind: str, element: Element) -> None:
        """An element of `kind` has started (its attributes are there, not its contents)."""

    def closed(self, kind: str, element: Element) -> None:
        """An element of `kind` has ended; a whole one with its contents."""

    def read(self, read: Callable[[int], bytes]) -> None:
        """Parse the document `read` gives a piece at a time, calling the hooks."""
        from defusedxml.common import DefusedXmlException
        from defusedxml.ElementTree import ParseError

        try:
            _Parse(self, read).run()
        except Refused as refused:
            raise ActivityError(str(refused)) from None
        except ParseError as error:
            line, column = getattr(error, "position", (0, 0))
            said = _(
                "the %(kind)s file is damaged or cut short: its XML breaks at line %(line)s,"
                " column %(column)s"
            )
            raise ActivityError(
                said % {"kind": self.KIND, "line": line, "column": column}
            ) from None
        except DefusedXmlException:
            said = _("the %(kind)s file declares a DTD or entities, which posecoach refuses")
            raise ActivityError(said % {"kind": self.KIND}) from None
        except (ValueError, LookupError) as error:  # LookupError: an unknown encoding
            said = _("not a readable %(kind)s file (%(why)s)")
            raise ActivityError(said % {"kind": self.KIND, "why": error}) from None


class _Parse:
    """One parse: the handlers expat calls, and the bookkeeping between pieces."""

    def __init__(self, reader: XmlReader, read: Callable[[int], bytes]) -> None:
        from xml.etree.ElementTree import TreeBuilder

        from defusedxml.ElementTree import DefusedXMLParser

        self.reader, self.read = reader, read
        builder = TreeBuilder()
        self.parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        self.expat: Any = self.parser.parser  # defusedxml's own handlers stay on it
        self.expat.ordered_attributes = False  # attributes as the dict TreeBuilder takes
        self.expat.StartElementHandler = self.start
        self.expat.EndElementHandler = self.end
        self._start, self._end = builder.start, builder.end
        # Outside a whole element: the open elements and their kinds, root first.
        self.elements: list[Element] = []
        self.kinds: list[str | None] = []
        self.depth = 0  # open elements, those inside a whole one too
        self.whole: Element | None = None  # the whole element being read
        self.whole_at = 0  # its depth, else 0
        self.whole_from = 0  # the byte it started at
        self.started = 0  # elements started so far
        self.known: dict[tuple[str | None, str], str | None] = {}  # by raw tag

    # ------------------------------------------------------------ the handlers

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        element = self._start(tag, attributes)
        self.depth += 1
        self.started += 1
        if self.started > limits.XML_ELEMENTS:
            self._too_many()
        if self.depth > MAX_DEPTH:
            self._too_deep()
        parent = self.kinds[-1] if self.kinds else _ROOT
        key = (parent, tag)
        if key in self.known:
            kind = self.known[key]
        elif parent == _ROOT:
            kind = self.known[key] = self.reader.root(local(tag))
        else:
            kind = self.known[key] = (
                None if parent is None else self.reader.kind_of(parent, local(tag))
            )
        self.elements.append(element)
        self.kinds.append(kind)
        if kind is None:
            return
        if kind in self.reader.WHOLE:
            # Its contents go straight to the C TreeBuilder (most of a file's elements
            # are inside samples): they are counted and measured when it ends.
            self.whole, self.whole_at = element, self.depth
            self.whole_from = self.expat.CurrentByteIndex
            self.expat.StartElementHandler = self._start
            self.expat.EndElementHandler = self.end_inside
        else:
            self.reader.opened(kind, element)

    def end_inside(self, tag: str) -> None:
        """The end of an element inside a whole one, or of the whole one."""
        element = self._end(tag)
        if element is not self.whole:
            return
        self.expat.StartElementHandler = self.start
        self.expat.EndElementHandler = self.end
        self.whole = None
        inside = len(list(element.iter())) - 1
        self.started += inside
        if self.started > limits.XML_ELEMENTS:
            self._too_many()
        if self.depth + inside > MAX_DEPTH and self.depth - 1 + _levels(element) > MAX_DEPTH:
            self._too_deep()
        self._check_whole(self.expat.CurrentByteIndex)
        self.whole_at = 0
        self.end(tag, element)

    def end(self, tag: str, element: Element | None = None) -> None:
        if element is None:
            element = self._end(tag)
        self.depth -= 1
        self.elements.pop()
        kind = self.kinds.pop()
        if kind is not None:
            self.reader.closed(kind, element)
        if self.elements:
            # It is its parent's only child left (those before it were dropped as
            # they ended): dropped in turn, memory stays what the reader keeps.
            del self.elements[-1][-1]

    # -------------------------------------------------------------- the parse

    def run(self) -> None:
        fed = quiet = 0
        seen = self.started
        first = True
        while piece := self.read(PIECE):
            if first:
                # Leading whitespace before `<?xml` breaks XML parsers (a BOM is fine).
                piece = piece.removeprefix(_BOM).lstrip()
                if not piece:
                    continue
                first = False
            self.parser.feed(piece)
            fed += len(piece)
            quiet = 0 if self.started != seen else quiet + len(piece)
            seen = self.started
            if quiet > limits.XML_QUIET_BYTES:
                said = _(
                    "the %(kind)s file has more than %(mb)s MB with no element in it (a text,"
                    " a comment or a tag that long): not one activity"
                )
                raise Refused(
                    said % {"kind": self.reader.KIND, "mb": limits.XML_QUIET_BYTES // 2**20}
                )
            if self.whole is not None:
                self._check_whole(fed)
                levels, inner = 1, self.whole  # its open elements: the last child's, and so on
                while len(inner):
                    inner, levels = inner[-1], levels + 1
                if self.whole_at - 1 + levels > MAX_DEPTH:
                    self._too_deep()
        self.parser.close()

    def _too_many(self) -> None:
        said = _(
            "the %(kind)s file holds more than %(count)s elements (a day recorded every second"
            " is about a million): not one activity"
        )
        raise Refused(said % {"kind": self.reader.KIND, "count": grouped(limits.XML_ELEMENTS)})

    def _too_deep(self) -> None:
        said = _(
            "the %(kind)s file nests its elements more than %(count)s deep (an activity file"
            " nests them about 8 deep): not one activity"
        )
        raise Refused(said % {"kind": self.reader.KIND, "count": MAX_DEPTH})

    def _check_whole(self, at: int) -> None:
        if at - self.whole_from > limits.SAMPLE_BYTES:
            said = _(
                "the %(kind)s file has a %(sample)s of more than %(kb)s kB (one is under 1 kB):"
                " not one activity"
            )
            kb = limits.SAMPLE_BYTES // 1024
            raise Refused(
                said % {"kind": self.reader.KIND, "sample": _(self.reader.SAMPLE), "kb": kb}
            )


def _levels(element: Element) -> int:
    """How many levels deep `element` nests, itself included."""
    deepest, below = 0, [(element, 1)]
    while below:
        node, level = below.pop()
        deepest = max(deepest, level)
        below.extend((child, level + 1) for child in node)
    return deepest


def number(text: str | None) -> float | None:
    """A finite number, or None for text that is not one."""
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


class Earliest:
    """The count of timed samples and the earliest time, kept in the file's own offset."""

    def __init__(self) -> None:
        self.count = 0
        self.first: datetime | None = None

    def add(self, moment: datetime) -> None:
        self.count += 1
        if self.first is None or moment < self.first:
            self.first = moment

    def local_date(self) -> date | None:
        """The date in the file's own local time, when its times carry a real offset.

        A `Z` (or +00:00) says nothing about where the runner was: the caller then
        uses the runner's zone.
        """
        first = self.first
        if first is None or first.utcoffset() in (None, timedelta(0)):
            return None
        return first.date()
