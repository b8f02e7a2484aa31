"""Counts of what the graph holds."""

from __future__ import annotations

from app.api.schemas.common import Schema


class Stats(Schema):
    articles: int = 0
    speakers: int = 0
    claims: int = 0
    entities: int = 0
    disputes: int = 0
    asserts: int = 0
    reports: int = 0
    mentions: int = 0
