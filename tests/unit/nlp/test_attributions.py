"""Attribution extraction per construction, on small hand-written sentences, through the real pipeline.

Each case gives the sentence and the attribution(s) expected as (source, cue, content) texts;
the test locates each text in the sentence and asserts the exact character spans. Contents keep a
leading "that", as PolNeAR's annotators do (2,371 train contents start with it, 30 follow it).
"""

from __future__ import annotations

import pytest

from app.nlp.models import Extraction
from app.nlp.pipeline import extract

Triple = tuple[str, str, str | tuple[str, ...]]

CASES: list[tuple[str, str, list[Triple]]] = [
    (
        "direct quote, speaker after, straight quotes",
        '"The economy is growing faster than anyone expected," the minister said.',
        [("the minister", "said", '"The economy is growing faster than anyone expected,"')],
    ),
    (
        "direct quote, speaker before",
        'The minister said, "The economy is growing faster than anyone expected."',
        [("The minister", "said", '"The economy is growing faster than anyone expected."')],
    ),
    (
        "split quote, curly quotes",
        "“We will not back down,” she said, “and we will win this fight in the courts.”",
        [("she", "said", ("“We will not back down,”", "“and we will win this fight in the courts.”"))],
    ),
    (
        "multi-sentence quote",
        "“The plan is dead. Nobody in the Senate supports it,” Senator Mitch McConnell told reporters.",
        [("Senator Mitch McConnell", "told", "“The plan is dead. Nobody in the Senate supports it,”")],
    ),
    (
        "indirect speech with that",
        "Mr. Trump said that the election was rigged.",
        [("Mr. Trump", "said", "that the election was rigged")],
    ),
    (
        "indirect speech without that",
        "Mr. Trump said the election was rigged.",
        [("Mr. Trump", "said", "the election was rigged")],
    ),
    (
        "told a briefing",
        "Solomatin told a briefing that the militants were blocking the exit.",
        [("Solomatin", "told", "that the militants were blocking the exit")],
    ),
    (
        "has replied that",
        "The US Department of State spokesman Robert Palladino has replied that the United States had not "
        "prevented people from leaving the camp.",
        [
            (
                "The US Department of State spokesman Robert Palladino",
                "replied",
                "that the United States had not prevented people from leaving the camp",
            )
        ],
    ),
    (
        "according to, before",
        "According to the ministry, more than 300 delegates attended the meeting.",
        [("the ministry", "According to", "more than 300 delegates attended the meeting")],
    ),
    (
        "according to, after",
        "More than 300 delegates attended the meeting, according to the ministry.",
        [("the ministry", "according to", "More than 300 delegates attended the meeting")],
    ),
    (
        "insisted",
        "Clinton insisted that she had never sent classified material.",
        [("Clinton", "insisted", "that she had never sent classified material")],
    ),
    (
        "warned",
        "The senator warned that the deal would collapse.",
        [("The senator", "warned", "that the deal would collapse")],
    ),
    (
        "denied",
        "The company denied that it had broken the law.",
        [("The company", "denied", "that it had broken the law")],
    ),
    (
        "belief",
        "Republicans fear that the nominee will lose the state.",
        [("Republicans", "fear", "that the nominee will lose the state")],
    ),
    (
        "document source",
        "A WikiLeaks document suggests that the campaign coordinated with the committee.",
        [("A WikiLeaks document", "suggests", "that the campaign coordinated with the committee")],
    ),
    (
        "report shows",
        "The report shows that wages have fallen for a decade.",
        [("The report", "shows", "that wages have fallen for a decade")],
    ),
    (
        "argued",
        "The campaign argued that the ads were misleading.",
        [("The campaign", "argued", "that the ads were misleading")],
    ),
    (
        "acknowledged",
        "The governor acknowledged that mistakes had been made.",
        [("The governor", "acknowledged", "that mistakes had been made")],
    ),
    (
        "reported",
        "Officials reported that the fire had been contained.",
        [("Officials", "reported", "that the fire had been contained")],
    ),
    (
        "called on",
        "Lavrov called on Washington to withdraw its troops.",
        [("Lavrov", "called on", "Washington to withdraw its troops")],
    ),
    (
        "noun cue",
        "His claim that the vote was rigged has no basis.",
        [("His", "claim", "that the vote was rigged")],
    ),
    (
        "split quote across sentences, the second half with no cue of its own",
        "“We will not back down,” she said on Monday at a rally in Ohio. "
        "“We will win this fight in the courts.”",
        [("she", "said", ("“We will not back down,”", "“We will win this fight in the courts.”"))],
    ),
    (
        "a cue after a paragraph break does not take the quote before it",
        '"The vote is rigged," she said. "Nobody believes it."\n\n'
        'Trump walked onto the stage, chanting "USA! USA!"',
        [
            ("she", "said", ('"The vote is rigged,"', '"Nobody believes it."')),
            ("Trump", "chanting", '"USA! USA!"'),
        ],
    ),
    (
        "preposition belongs to the cue",
        "The senator called for the repeal of the law.",
        [("The senator", "called for", "the repeal of the law")],
    ),
]


def _span(text: str, piece: str) -> list[tuple[int, int]]:
    start = text.index(piece)
    return [(start, start + len(piece))]


def _find(ex: Extraction, content: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    for a in ex.attributions:
        if a.content == content:
            return a
    found = [(ex.span_text(a.source), ex.span_text(a.cue), ex.span_text(a.content)) for a in ex.attributions]
    raise AssertionError(f"no attribution with content {[ex.text[s:e] for s, e in content]}; found {found}")


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_construction(name: str, text: str, expected: list[Triple]) -> None:
    ex = extract(text)
    for source, cue, content in expected:
        pieces = (content,) if isinstance(content, str) else content
        spans = [s for p in pieces for s in _span(text, p)]
        a = _find(ex, spans)
        assert a.source == _span(text, source)
        assert any(text[s:e] == cue or cue in text[s:e] for s, e in a.cue), ex.span_text(a.cue)
    assert len(ex.attributions) == len(expected), [ex.span_text(a.content) for a in ex.attributions]


def test_quote_types_and_confidence() -> None:
    ex = extract(
        "“We will win,” she said. According to the ministry, 300 delegates came. He said it was over."
    )
    kinds = [a.quote_type for a in ex.attributions]
    assert kinds == ["direct", "according_to", "indirect"]
    assert [a.sentence for a in ex.attributions] == [0, 1, 2]
    assert all(0.0 < a.confidence <= 1.0 for a in ex.attributions)


def test_sourceless_attribution() -> None:
    ex = extract("It was reported that the talks had collapsed.")
    assert len(ex.attributions) == 1
    a = ex.attributions[0]
    assert a.source == []
    assert ex.span_text(a.content) == "that the talks had collapsed"


def test_passive_cue_has_no_source_and_keeps_its_subject_in_the_content() -> None:
    text = "The peacekeepers have been accused of abusing civilians."
    ex = extract(text)
    assert len(ex.attributions) == 1
    a = ex.attributions[0]
    assert a.source == []
    assert ex.span_text(a.cue) == "have been accused of"
    assert a.content == [(0, 16), (38, 55)]
    assert ex.span_text(a.content, " | ") == "The peacekeepers | abusing civilians"


def test_offsets_point_into_the_callers_text_after_boilerplate() -> None:
    text = "Listen Live\nGet short URL\n\nMOSCOW (Sputnik) – He said that the camp was closed.\n"
    ex = extract(text)
    assert len(ex.attributions) == 1
    a = ex.attributions[0]
    assert ex.text == text
    assert ex.span_text(a.content) == "that the camp was closed"
    assert ex.span_text(a.source) == "He"


def _quads(text: str) -> list[tuple[str, str, str, str | None]]:
    """(source, cue, content, speaker) of each attribution extracted from `text`."""
    ex = extract(text)
    return [
        (ex.span_text(a.source), ex.span_text(a.cue), ex.span_text(a.content), a.speaker)
        for a in ex.attributions
    ]


def test_quotations_signed_with_a_dash_are_their_signers() -> None:
    text = (
        "Readers wrote to us.\n\n"
        "“He represents our greatest shame. He has empowered racists.” ― Sonya Herridge\n"
        "“I’m so ashamed to be an American tonight.”\u00a0― Jacklyn Ashley.\n"
        "The senator said the vote — delayed twice — would go ahead."
    )
    signed = _quads(text)
    assert (
        "Sonya Herridge",
        "―",
        "“He represents our greatest shame. He has empowered racists.”",
        "Sonya Herridge",
    ) in signed
    assert ("Jacklyn Ashley", "―", "“I’m so ashamed to be an American tonight.”", "Jacklyn Ashley") in signed
    # a dash inside a sentence signs nothing
    assert not any(cue in ("—", "―") for _, cue, content, _ in signed if "vote" in content)


def test_transcript_turns_are_their_speakers() -> None:
    text = (
        "Pence spoke to Fox News Sunday.\n\n"
        "WALLACE: Will Gennifer Flowers be there tomorrow night?\n\n"
        '"PENCE: Gennifer Flowers will not be attending the debate tomorrow night.\n\n'
        '"(CROSSTALK.)\n\n'
        "WALLACE: Do you really see those two as equivalent?\n\n"
        '"PENCE: Not at all.\n\n'
        '"Mark Cuban knows as much about national security as I know about basketball.\n\n'
        "WALLACE: Thank you, Governor.\n\n"
        "CORRECTION: An earlier version of this story misspelled a name."
    )
    turns = _quads(text)
    assert ("WALLACE", ":", "Will Gennifer Flowers be there tomorrow night?", "Wallace") in turns
    assert (
        "PENCE",
        ":",
        "Gennifer Flowers will not be attending the debate tomorrow night.",
        "Mike Pence",
    ) in turns
    assert ("WALLACE", ":", "Do you really see those two as equivalent?", "Wallace") in turns
    # a turn runs on over its unlabelled paragraphs (without their opening quote mark) to the next turn
    assert (
        "PENCE",
        ":",
        "Not at all. … Mark Cuban knows as much about national security as I know about basketball.",
        "Mike Pence",
    ) in turns
    # an editorial label is nobody's turn
    assert not any(source == "CORRECTION" for source, *_ in turns)


def test_a_dateline_with_a_colon_is_not_a_transcript_turn() -> None:
    text = "Senate passes the bill.\n\nWASHINGTON: The Senate voted 60 to 40 on Tuesday to pass the bill."
    ex = extract(text)
    assert not any(ex.span_text(a.source) == "WASHINGTON" for a in ex.attributions)


def test_signed_quote_rule_is_linear_over_runs_of_spaces() -> None:
    # `_SIGNATURE` searched with a leading `[ \t]*`: 40,000 spaces took 12 s, inside the GIL.
    import spacy

    from app.nlp.attributions import signed_quotes
    from tests.unit.nlp.growth import growth

    nlp = spacy.blank("en")

    def make(n: int):  # type: ignore[no-untyped-def]
        doc = nlp("“We will not give up on this.” ― Sonya Herridge\n" + " " * n + "x")
        return lambda: signed_quotes(doc, {})

    ratios = growth(make, 4_000)
    assert ratios[2] < 8, ratios
    doc = nlp("Intro.\n“We will not give up on this.” ― Sonya Herridge\n")
    (found,) = signed_quotes(doc, {})
    assert doc.text[slice(*found["source"][0])] == "Sonya Herridge"
