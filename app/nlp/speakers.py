"""Speaker resolution inside an article (placeholder until the resolver lands).

Contract: `resolve_speakers(doc, attributions)` returns the attributions with
`speaker`/`speaker_kind` filled and the article's `Speaker` list. Spans are
character offsets into `doc.text`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from app.nlp.models import Attribution, Speaker


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> tuple[list[Attribution], list[Speaker]]:
    speakers: dict[str, Speaker] = {}
    out = []
    for a in attributions:
        name = " ".join(doc.text[s:e] for s, e in a.source).strip() or None
        if name:
            speakers.setdefault(name, Speaker(name=name, kind="PERSON"))
        out.append(a.model_copy(update={"speaker": name, "speaker_kind": "PERSON" if name else None}))
    return out, list(speakers.values())
