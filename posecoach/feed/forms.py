"""Reading a posted form: the body within a cap, its fields, an uploaded file, and
the token that shows the form came from the check-in page itself.

No new dependency: urlencoded bodies go through urllib, multipart ones through
the standard library's email parser (what a browser sends is a MIME message).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from email import policy
from email.parser import BytesParser
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]

FORM_BYTES = 16 * 1024  # every field of the check-in form, typed on a phone
UPLOAD_BYTES = 8 * 1024 * 1024  # a watch file: a long run is about 1 MB of FIT
FIELDS = 32  # the form has 12


class TooLarge(Exception):
    """The body is over its cap."""


class BadForm(Exception):
    """The body is not a form this page sends."""


class Upload(NamedTuple):
    filename: str
    data: bytes


class Form(NamedTuple):
    fields: dict[str, str]
    upload: Upload | None


async def read_body(receive: Receive, cap: int) -> bytes:
    """The request's body, or TooLarge as soon as it passes `cap` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadForm("the connection closed before the form arrived")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def parse_form(content_type: bytes, body: bytes) -> Form:
    """The fields (first value of each name) and at most one uploaded file."""
    kind = content_type.split(b";")[0].strip().lower()
    if kind == b"application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(
                body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                max_num_fields=FIELDS,
            )  # fmt: skip
        except (UnicodeDecodeError, ValueError) as error:
            raise BadForm(str(error)) from None
        return Form(_first(pairs), None)
    if kind == b"multipart/form-data":
        return _multipart(content_type, body)
    raise BadForm("not a form")


def _first(pairs: list[tuple[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


def _multipart(content_type: bytes, body: bytes) -> Form:
    try:
        head = b"Content-Type: " + content_type + b"\r\nMIME-Version: 1.0\r\n\r\n"
        message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    except (ValueError, TypeError, LookupError) as error:
        raise BadForm(str(error)) from None
    if not message.is_multipart():
        raise BadForm("a multipart form without parts")
    pairs: list[tuple[str, str]] = []
    upload = None
    for number, part in enumerate(message.iter_parts()):
        if number >= FIELDS:
            raise BadForm("too many fields")
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            if data and upload is None:
                upload = Upload(filename, data)
            continue
        try:
            pairs.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            raise BadForm(f"{name}: not UTF-8 text") from None
    return Form(_first(pairs), upload)


def form_token(feed_token: str, session_key: str) -> str:
    """The hidden field that a check-in form for `session_key` carries.

    Bound to the plan's secret token and to the session, so a form posted from
    anywhere but this plan's own page for that session is refused (a page
    elsewhere cannot read it), and one session's form cannot log another.
    """
    message = f"posecoach check-in form\0{session_key}".encode()
    return hmac.new(feed_token.encode(), message, hashlib.sha256).hexdigest()[:40]


def form_token_matches(feed_token: str, session_key: str, given: str) -> bool:
    return hmac.compare_digest(form_token(feed_token, session_key).encode(), given.encode())
