"""Opaque page cursors: the graph layer's keys wrapped so that only cursors this API issued are accepted.

A cursor is base64url("c1:<kind>:<key>"). The kind names the ordering it belongs to (a claims cursor
is refused on the speakers list), and the key is checked for its shape: an id such as `clm_3f...` or,
for offset-paged lists, a bounded number. Anything else is a 400 "invalid cursor" rather than a page
read from a made-up position, or a number the database cannot hold.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Literal

from app.api.errors import ApiError

CursorKind = Literal["articles", "claims", "speakers", "disputes", "opponents"]

_VERSION = "c1"
# Graph ids are a short prefix and a hex digest (graph/ids.py); printable ASCII and a bound on length
# keep made-up keys out without tying cursors to one id scheme.
_ID_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,200}")
# Offset cursors (opponents) stay far inside a 64-bit integer.
MAX_OFFSET = 1_000_000_000


class InvalidCursor(ApiError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            400,
            f"invalid cursor: {reason}; pass back a `next_cursor` from this list, or omit `cursor`",
            code="invalid_cursor",
        )


def encode(kind: CursorKind, key: str | None) -> str | None:
    """The cursor a client passes back for the page after `key` (None on the last page)."""
    if key is None:
        return None
    raw = f"{_VERSION}:{kind}:{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(kind: CursorKind, cursor: str | None) -> str | None:
    """The graph key inside `cursor`, or InvalidCursor (400) when this API did not issue it for `kind`."""
    if cursor is None:
        return None
    if not cursor.isascii() or not re.fullmatch(r"[A-Za-z0-9_-]+", cursor):
        raise InvalidCursor("not a cursor this API issued")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        raise InvalidCursor("not a cursor this API issued") from None
    version, _, rest = raw.partition(":")
    got_kind, _, key = rest.partition(":")
    if version != _VERSION:
        raise InvalidCursor("not a cursor this API issued")
    if got_kind != kind:
        raise InvalidCursor(f"this cursor belongs to another list ({got_kind or 'none'}, not {kind})")
    if kind == "opponents":
        if not (key.isascii() and key.isdigit()) or int(key) > MAX_OFFSET:
            raise InvalidCursor("offset out of range")
        return key
    if not _ID_KEY.fullmatch(key):
        raise InvalidCursor("not a cursor this API issued")
    return key
