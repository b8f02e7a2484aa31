"""Deterministic node ids: a prefix plus a hash of the node's canonical key.

Because an id depends only on the key, `MERGE` on id makes every load idempotent: the same article
loaded again, or the same speaker/claim met in another article, lands on the same node.

Keys:
- Article: its external id when the caller gave one, else the SHA-256 of its text.
- Speaker: the normalized canonical name; GENERIC speakers ("officials", "critics") are scoped to the
  article, because "officials" in two articles are not one identifiable source.
- Claim: the normalized claim text.
- Entity: label + normalized name.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from datetime import UTC, datetime

log = logging.getLogger(__name__)

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_HASH_CHARS = 24  # 96 bits: collisions are not a concern at news-corpus sizes


def _fold(text: str) -> str:
    """Case-fold, drop accents and punctuation, collapse whitespace."""
    decomposed = unicodedata.normalize("NFKD", text)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    no_punct = _PUNCT.sub(" ", no_marks.casefold().replace("_", " "))
    return _SPACE.sub(" ", no_punct).strip()


def normalize_name(name: str) -> str:
    """'Sergéi  Lavrov' -> 'sergei lavrov'; 'F.B.I.' -> 'fbi' (initialisms join: dots between letters go)."""
    joined = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", name)  # F.B.I. -> FBI. before punctuation becomes space
    return _fold(joined)


def normalize_text(text: str) -> str:
    """Claim text in the form that decides identity: folded, no punctuation, single spaces."""
    return _fold(text)


def _hash(prefix: str, key: str) -> str:
    return f"{prefix}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:_HASH_CHARS]}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(*, external_id: str | None = None, text_hash: str | None = None) -> str:
    if external_id:
        return _hash("art", f"ext:{external_id}")
    if text_hash:
        return _hash("art", f"sha256:{text_hash}")
    raise ValueError("an article id needs an external id or a content hash")


def speaker_id(name: str, *, kind: str | None = None, article_id: str | None = None) -> str:
    norm = normalize_name(name)
    if not norm:
        raise ValueError(f"speaker name {name!r} has no letters or digits")
    if kind == "GENERIC":
        if not article_id:
            raise ValueError("a GENERIC speaker id needs the article id it is scoped to")
        return _hash("spk", f"generic:{article_id}:{norm}")
    return _hash("spk", f"name:{norm}")


def claim_id(text: str) -> str:
    norm = normalize_text(text)
    if not norm:
        raise ValueError(f"claim text {text!r} has no letters or digits")
    return _hash("clm", norm)


def entity_id(label: str, name: str) -> str:
    return _hash("ent", f"{label.upper()}:{normalize_name(name)}")


def dispute_id(article_id: str, key: str, from_claim: str, to_claim: str) -> str:
    """DISPUTES relationships get an id too, so dispute lists can be paged by a stable cursor."""
    return _hash("dsp", f"{article_id}:{key}:{from_claim}:{to_claim}")


def normalize_published_at(value: str | None) -> str | None:
    """ISO 8601 so that string comparison orders dates: '2016-09-16' stays a date, datetimes go to UTC.

    An unparseable value is kept as given (and logged): losing a date is worse than an odd sort.
    """
    if value is None or not value.strip():
        return None
    raw = value.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        log.warning("published_at %r is not ISO 8601; stored as given", raw)
        return raw
    if len(raw) <= 10:  # a plain date
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except OverflowError:  # '9999-12-31T23:59:59-14:00' is past the year 9999 in UTC
        log.warning("published_at %r is out of range in UTC; stored as given", raw)
        return raw
