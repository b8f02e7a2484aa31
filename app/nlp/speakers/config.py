"""The speakers step's knobs, set from the spaCy component's config (`claimgraph_speakers`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpeakerConfig:
    # he/she antecedent score: minus one per sentence back, plus `subject_bonus` for a subject or an
    # earlier speaker, plus `salience_weight` * log(1 + mentions so far), minus
    # `unknown_gender_penalty` for a name of unknown gender; candidates within `pronoun_window`
    # sentences.
    subject_bonus: float = 1.0
    salience_weight: float = 0.5
    unknown_gender_penalty: float = 0.5
    pronoun_window: int = 3
    # How far back (sentences) 'the senator' looks for someone the article called a senator before
    # the domain's description table ('the president' -> Barack Obama) is used.
    role_window: int = 5
    # How far back 'the article' looks for a news organisation, 'the company' for any organisation,
    # and 'the statement' for an organisation that was speaking.
    article_window: int = 8
    org_window: int = 6
    statement_window: int = 3
    # A dominant surname ('Clinton') names another bearer only if that bearer was the subject or
    # speaker within this many sentences.
    dominant_surname_window: int = 3


DEFAULT = SpeakerConfig()
