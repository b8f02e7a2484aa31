"""The `claimgraph_speakers` spaCy component: resolves the speakers of `doc._.cg_attributions`.

Runs after `claimgraph_attributions`; writes each attribution's `speaker`, `speaker_kind` and
`also` into its dict and the article's speakers (as dicts) into `doc._.cg_speakers`, so Docs cross
process boundaries in `nlp.pipe(n_process=N)` as the attributions do. Every knob of the resolver is
in `default_config` (see `SpeakerConfig`).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from app.nlp.models import Attribution
from app.nlp.speakers.config import DEFAULT, SpeakerConfig
from app.nlp.speakers.resolver import resolve_speakers

log = logging.getLogger(__name__)

if not Doc.has_extension("cg_attributions"):
    Doc.set_extension("cg_attributions", default=None)
if not Doc.has_extension("cg_speakers"):
    Doc.set_extension("cg_speakers", default=None)
if not Doc.has_extension("cg_error"):
    Doc.set_extension("cg_error", default=None)


def attributions_of(doc: Doc) -> list[Attribution]:
    """The Doc's attribution dicts as `Attribution` models (offsets into the cleaned text)."""
    return [
        Attribution(
            source=[(s, e) for s, e in a["source"]],
            cue=[(s, e) for s, e in a["cue"]],
            content=[(s, e) for s, e in a["content"]],
            quote_type=a["quote_type"],
            confidence=a["confidence"],
            sentence=a["sentence"],
            speaker=a.get("speaker"),
            speaker_kind=a.get("speaker_kind"),
            also=list(a.get("also", [])),
        )
        for a in doc._.cg_attributions or []
    ]


class SpeakersComponent:
    def __init__(self, cfg: SpeakerConfig) -> None:
        self.cfg = cfg

    def __call__(self, doc: Doc) -> Doc:
        if doc._.cg_error or doc._.cg_attributions is None:
            return doc
        try:
            resolved, speakers = resolve_speakers(doc, attributions_of(doc), self.cfg)
            for a, r in zip(doc._.cg_attributions, resolved, strict=True):
                a["speaker"], a["speaker_kind"], a["also"] = r.speaker, r.speaker_kind, list(r.also)
            doc._.cg_speakers = [s.model_dump() for s in speakers]
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
            log.exception("speaker resolution failed")
            doc._.cg_error = f"{type(exc).__name__}: {exc}"
        return doc


_DEFAULTS: dict[str, Any] = dataclasses.asdict(DEFAULT)


@Language.factory(
    "claimgraph_speakers",
    assigns=["doc._.cg_speakers"],
    requires=["doc._.cg_attributions"],
    default_config=_DEFAULTS,
)
def make_speakers(
    nlp: Language,
    name: str,
    *,
    subject_bonus: float,
    salience_weight: float,
    unknown_gender_penalty: float,
    pronoun_window: int,
    role_window: int,
    article_window: int,
    org_window: int,
    statement_window: int,
    dominant_surname_window: int,
) -> SpeakersComponent:
    return SpeakersComponent(
        SpeakerConfig(
            subject_bonus=subject_bonus,
            salience_weight=salience_weight,
            unknown_gender_penalty=unknown_gender_penalty,
            pronoun_window=pronoun_window,
            role_window=role_window,
            article_window=article_window,
            org_window=org_window,
            statement_window=statement_window,
            dominant_surname_window=dominant_surname_window,
        )
    )
