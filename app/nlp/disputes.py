"""Claim-disputes-claim inside an article (placeholder until the detector lands).

Contract: `find_disputes(doc, attributions)` returns `Dispute(i, j, ...)` where
attribution i disputes attribution j (shared/eval/DISPUTES.md gives direction).
"""

from __future__ import annotations

from spacy.tokens import Doc

from app.nlp.models import Attribution, Dispute


def find_disputes(doc: Doc, attributions: list[Attribution]) -> list[Dispute]:
    return []
