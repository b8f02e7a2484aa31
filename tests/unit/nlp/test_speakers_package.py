"""The speakers package's own contracts: the component and its config, the read-only index, and the
resolution kinds not covered in test_speakers.py (relative, plural and neuter pronouns, roles)."""

from __future__ import annotations

import dataclasses
import json

import pytest
import spacy
from spacy.language import Language

from app.nlp.models import Attribution
from app.nlp.speakers import resolve_speakers
from app.nlp.speakers.config import DEFAULT
from app.nlp.speakers.index import ArticleIndex
from app.nlp.speakers.resolver import Resolver
from app.settings import get_settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(get_settings().spacy_model)


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def att(text: str, source: str, cue: str, content: str, after: int = 0) -> Attribution:
    return Attribution(
        source=[span(text, source, after)], cue=[span(text, cue, after)], content=[span(text, content, after)]
    )


def test_relative_plural_and_neuter_pronouns(nlp: Language) -> None:
    t = (
        "Tim Kaine, a former civil rights lawyer who said the law was unjust, spoke on Monday. "
        "The protesters marched to City Hall. They said the mayor had lied. "
        "Exxon Mobil said profits fell. It said prices would recover."
    )
    atts = [
        att(t, "who", "said", "the law was unjust"),
        att(t, "They", "said", "the mayor had lied"),
        att(t, "Exxon Mobil", "said", "profits fell"),
        att(t, "It", "said", "prices would recover"),
    ]
    out, _ = resolve_speakers(nlp(t), atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Tim Kaine", "PERSON"),
        ("they", "GENERIC"),
        ("Exxon Mobil", "ORG"),
        ("Exxon Mobil", "ORG"),
    ]


def test_a_role_description_is_the_person_given_that_role(nlp: Language) -> None:
    t = "Sen. Lindsey Graham spoke in Columbia. The senator said the vote would fail."
    out, _ = resolve_speakers(nlp(t), [att(t, "The senator", "said", "the vote would fail")])
    assert (out[0].speaker, out[0].speaker_kind) == ("Lindsey Graham", "PERSON")


def test_the_index_is_not_changed_by_resolution(nlp: Language) -> None:
    t = (
        "Peabody Energy said coal demand fell. Mr. Boyce, its chief, said Peabody would recover. "
        "He said the Environmental Protection Agency was wrong."
    )
    doc = nlp(t)
    r = Resolver(doc)

    def snapshot(ix: ArticleIndex) -> str:
        return json.dumps(
            [ix.full_people, ix.first_bare, ix.acronyms, ix.org_short, [ne.name for ne in ix.named_entities]],
            sort_keys=True,
        )

    before = snapshot(r.ix)
    for a in [
        att(t, "Peabody Energy", "said", "coal demand fell"),
        att(t, "He", "said", "the Environmental Protection Agency was wrong"),
    ]:
        r.resolve(a)
    assert snapshot(r.ix) == before
    assert r.ix.org_short["peabody"] == "Peabody Energy"


def test_the_component_carries_every_knob_and_writes_speakers(nlp: Language) -> None:
    factory = nlp.get_factory_meta("claimgraph_speakers")
    assert factory.default_config == dataclasses.asdict(DEFAULT)
    pipe = spacy.load(get_settings().spacy_model)
    comp = pipe.add_pipe("claimgraph_speakers", config={"pronoun_window": 1})
    assert comp.cfg.pronoun_window == 1 and comp.cfg.role_window == DEFAULT.role_window
    t = "Hillary Clinton spoke in Ohio. She said the plan would work."
    doc = pipe(t)
    a = att(t, "She", "said", "the plan would work")
    doc._.cg_attributions = [
        {
            "source": [list(x) for x in a.source],
            "cue": [list(x) for x in a.cue],
            "content": [list(x) for x in a.content],
            "quote_type": a.quote_type,
            "confidence": a.confidence,
            "sentence": a.sentence,
        }
    ]
    comp(doc)
    assert doc._.cg_attributions[0]["speaker"] == "Hillary Clinton"
    assert [s["name"] for s in doc._.cg_speakers] == ["Hillary Clinton"]


def test_nickname_classes_come_from_the_data_file() -> None:
    from app.nlp import names

    assert names.first_name_class("bob") == names.first_name_class("robert") == "robert"
    assert names.first_name_class("bill") == "william"
    assert names.first_name_class("peggy") == "margaret"
    assert names.first_name_class("zed") == "zed"


def test_a_leaked_email_is_the_collection_it_was_leaked_in(nlp: Language) -> None:
    t = (
        "The Podesta emails show the campaign feared a long primary. "
        "A leaked email said the debate questions were shared. "
        "A new poll shows the race is tied. Exit polls showed a wide gender gap."
    )
    atts = [
        att(t, "The Podesta emails", "show", "the campaign feared a long primary"),
        att(t, "A leaked email", "said", "the debate questions were shared"),
        att(t, "A new poll", "shows", "the race is tied"),
    ]
    out, _ = resolve_speakers(nlp(t), atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Podesta emails", "DOCUMENT"),
        ("Podesta emails", "DOCUMENT"),
        ("poll", "GENERIC"),
    ]
