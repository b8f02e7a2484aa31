"""Span repairs of app.nlp.linking on tiny hand-built docs (no tagger, no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from app.nlp import linking


def _doc():  # type: ignore[no-untyped-def]
    doc = spacy.blank("en")("Clinton cited a New York Times report that he lost money")
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 6, label="ORG")]
    return doc


def test_a_source_cut_inside_a_name_grows_to_the_name_and_the_cue_gives_the_words_back() -> None:
    doc = _doc()
    srcs = linking._grow_to_entities([(doc[4:5], 0.9)], list(doc.ents), set())  # "York"
    assert [(sp.text, p) for sp, p in srcs] == [("New York Times", 0.9)]
    cues = linking._give_back([(doc[5:7], 0.8)], {3, 5})  # "Times report"; the source took New, Times
    assert [(c.text, p) for c, p in cues] == [("report", 0.8)]
    # ... unless the name runs into words the tagger gave to a content
    assert [sp.text for sp, _ in linking._grow_to_entities([(doc[4:5], 0.9)], list(doc.ents), {5})] == [
        "York"
    ]


def test_a_cue_that_starts_inside_a_name_holds_its_source() -> None:
    doc = _doc()
    cues = [(doc[5:7], 0.8)]  # "Times report", no source tagged
    found = linking._names_in_cues(list(doc.ents), cues, [])
    assert [(sp.text, p) for sp, p in found] == [("New York Times", 0.8)]
    # ... unless a tagged source already holds part of that name
    assert linking._names_in_cues(list(doc.ents), cues, [(doc[3:4], 0.9)]) == []
    # a cue at the start of a name, outside one, or wholly inside one ("Obama Sees") holds none
    assert linking._names_in_cues(list(doc.ents), [(doc[1:2], 0.8)], []) == []
    assert linking._names_in_cues(list(doc.ents), [(doc[5:6], 0.8)], []) == []


def test_a_cue_wholly_inside_a_grown_source_goes_and_a_name_does_not_grow_over_a_whole_cue() -> None:
    doc = _doc()
    assert linking._give_back([(doc[5:6], 0.8)], {3, 5}) == []
    assert linking._inner_cues(list(doc.ents), [(doc[5:6], 0.8), (doc[5:7], 0.8), (doc[1:2], 0.8)]) == {5}


def test_words_inside_a_quotation_never_source_a_cue_outside_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = spacy.blank("en")("“That makes me smart” -- and, asserting, “Of course, I pay taxes.”")
    that = next(t.i for t in doc if t.text == "That")
    cue = next(doc[t.i : t.i + 1] for t in doc if t.text == "asserting")
    content = doc[cue.end + 2 : len(doc) - 1]
    sent_of = {t.i: 0 for t in doc}
    srcs = [doc[that : that + 1]]
    assert linking._pick_source(doc, cue, [content], srcs, sent_of) == []
    # a source inside the quotation that holds the cue stays ("“Yes,” I said, “it is”")
    inner_cue = doc[that + 1 : that + 2]
    assert not linking._quoted_apart(srcs[0].start_char, srcs[0].end_char, inner_cue, [(0, 21)])
    monkeypatch.setattr(linking, "SOURCE_OUTSIDE_QUOTES", False)
    assert [t.text for t in linking._pick_source(doc, cue, [content], srcs, sent_of)] == ["That"]
