"""Span repairs of app.nlp.linking on tiny hand-built docs (no tagger, no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

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


def _tagged(words: list[str], tags: list[str], lemmas: list[str] | None = None):  # type: ignore[no-untyped-def]
    """A doc with the fine tags (and the coarse POS they map to) the rules read, no model needed."""
    pos = {
        "NN": "NOUN",
        "NNP": "PROPN",
        "POS": "PART",
        "JJ": "ADJ",
        "IN": "SCONJ",
        "VBD": "VERB",
        "VBG": "VERB",
        ",": "PUNCT",
        "DT": "DET",
        "PRP$": "PRON",
        "RP": "ADP",
        "TO": "PART",
        "VB": "VERB",
    }
    nlp = spacy.blank("en")
    spaces = [k + 1 < len(words) and words[k + 1] not in (",", "’s") for k in range(len(words))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=[pos[t] for t in tags],
        lemmas=lemmas or [w.lower() for w in words],
    )


def _police_doc():  # type: ignore[no-untyped-def]
    words = [
        "Video",
        "shows",
        "that",
        "he",
        "had",
        "hands",
        "up",
        ",",
        "contradicting",
        "Tulsa",
        "police",
        "’s",
        "earlier",
        "claim",
        "that",
        "he",
        "refused",
        "to",
        "keep",
        "hands",
        "up",
    ]
    tags = [
        "NN",
        "VBD",
        "IN",
        "NNP",
        "VBD",
        "NN",
        "RP",
        ",",
        "VBG",
        "NNP",
        "NN",
        "POS",
        "JJ",
        "NN",
        "IN",
        "NNP",
        "VBD",
        "TO",
        "VB",
        "NN",
        "RP",
    ]
    return _tagged(words, tags)


def _att(doc, src: tuple[int, int], cue: tuple[int, int], con: tuple[int, int]) -> dict:  # type: ignore[no-untyped-def, type-arg]
    def chars(a: int, b: int) -> list[int]:
        return [doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)]

    return {"source": [chars(*src)], "cue": [chars(*cue)], "content": [chars(*con)], "confidence": 0.9}


def test_a_content_that_is_someones_claim_becomes_that_speakers_attribution() -> None:
    doc = _police_doc()
    outer = _att(
        doc, (0, 1), (8, 9), (9, 21)
    )  # Video | contradicting | Tulsa police's earlier claim that ...
    got = linking._nested_claim(doc, outer)
    text = lambda spans: [doc.text[s:e] for s, e in spans]  # noqa: E731
    assert text(got["source"]) == ["Tulsa police’s"]
    assert text(got["cue"]) == ["earlier claim"]
    assert text(got["content"]) == ["that he refused to keep hands up"]
    # "whether the President's insistence that ...": a question about a claim stays the asker's
    asked = _tagged(
        ["whether", "the", "President", "’s", "insistence", "that", "Britain", "waits"],
        ["IN", "DT", "NNP", "POS", "NN", "IN", "NNP", "VBD"],
    )
    question = _att(asked, (0, 1), (0, 1), (0, 8))
    assert linking._nested_claim(asked, question) is question
    # "The university rebutted Exxon's accusation that ...": a speaker answering it keeps it
    words = ["The", "university", "rebutted", "Exxon", "’s", "accusation", "that", "articles", "misled"]
    rebut = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[True, True, True, False, True, True, True, True, False],
        tags=["DT", "NN", "VBD", "NNP", "POS", "NN", "IN", "NN", "VBD"],
        pos=["DET", "NOUN", "VERB", "PROPN", "PART", "NOUN", "SCONJ", "NOUN", "VERB"],
        lemmas=["the", "university", "rebut", "exxon", "'s", "accusation", "that", "article", "mislead"],
        heads=[1, 2, 2, 5, 3, 2, 8, 8, 5],
        deps=["det", "nsubj", "ROOT", "poss", "case", "dobj", "mark", "nsubj", "acl"],
    )
    answer = _att(rebut, (0, 2), (2, 3), (3, 9))
    assert linking._nested_claim(rebut, answer) is answer


def test_a_content_joined_to_a_later_attribution_by_a_participle_ends_before_it() -> None:
    doc = _police_doc()
    shows = _att(doc, (0, 1), (1, 2), (2, 21))  # the tagger ran on over the police's claim
    police = _att(doc, (9, 12), (12, 14), (14, 21))
    linking._cut_before_nested(doc, [shows, police])
    assert [doc.text[s:e] for s, e in shows["content"]] == ["that he had hands up"]
    # without a participle between them one statement nests in the other and stays whole
    said = _att(doc, (0, 1), (1, 2), (2, 21))
    plain = _tagged([w.text for w in doc], [("VBD" if t.tag_ == "VBG" else t.tag_) for t in doc])
    linking._cut_before_nested(plain, [said, _att(plain, (9, 12), (12, 14), (14, 21))])
    assert said["content"] == [[doc[2].idx, len(doc.text)]]
