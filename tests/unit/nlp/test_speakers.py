"""Speaker resolution on small hand-written articles (real spaCy model, exact names/kinds/roles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from app.nlp.models import Attribution, Speaker
from app.nlp.speaker_match import MERGE_THRESHOLD, same_person, speaker_match_key
from app.nlp.speakers import resolve_speakers
from app.settings import get_settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(get_settings().spacy_model)


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def att(text: str, source: str | None, cue: str, content: str, after: int = 0) -> Attribution:
    """An attribution whose parts are the first occurrences of the strings at or after `after`."""
    c = span(text, cue, after)
    return Attribution(
        source=[span(text, source, after)] if source else [],
        cue=[c],
        content=[span(text, content, after)],
    )


def resolve(nlp: Language, text: str, atts: list[Attribution]) -> tuple[list[Attribution], list[Speaker]]:
    return resolve_speakers(nlp(text), atts)


SOLOMATIN = (
    "head of the Russian Defense Ministry's Center for Syrian Reconciliation Lt. Gen. Sergei Solomatin"
)
SEED = (
    "Militants are still preventing refugees from leaving Syria's Rukban camp, head of the Russian Defense "
    "Ministry's Center for Syrian Reconciliation Lt. Gen. Sergei Solomatin said on Monday.\n\n"
    '"Illegal armed groups are preventing the civilians from leaving the Rukban camp", '
    "Solomatin told a briefing.\n\n"
    "The Russian Defense Ministry's Center for\xa0Syrian Reconciliation has called on "
    "the United States to put "
    "pressure on the opposition.\n\n"
    "Last week, Russian Foreign Minister Sergey Lavrov said refugees were held hostage.\n\n"
    "The US Department of\xa0State spokesman Robert Palladino has replied that Russia is to blame.\n\n"
    "He added that the camp would be closed soon."
)


def test_seed_like_article(nlp: Language) -> None:
    t = SEED
    atts = [
        att(t, SOLOMATIN, "said", "Militants are still preventing refugees"),
        att(t, "Solomatin", "told", "Illegal armed groups", after=t.index('"Illegal')),
        att(
            t,
            "The Russian Defense Ministry's Center for\xa0Syrian Reconciliation",
            "has called on",
            "the United States to put pressure on the opposition",
        ),
        att(t, "Russian Foreign Minister Sergey Lavrov", "said", "refugees were held hostage"),
        att(
            t, "The US Department of\xa0State spokesman Robert Palladino", "has replied", "Russia is to blame"
        ),
        att(t, "He", "added", "the camp would be closed soon"),
    ]
    out, speakers = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Sergei Solomatin", "PERSON"),
        ("Sergei Solomatin", "PERSON"),
        ("Russian Defense Ministry's Center for Syrian Reconciliation", "ORG"),
        ("Sergey Lavrov", "PERSON"),
        ("Robert Palladino", "PERSON"),
        ("Robert Palladino", "PERSON"),
    ]
    by_name = {s.name: s for s in speakers}
    assert [s.name for s in speakers] == [
        "Sergei Solomatin",
        "Russian Defense Ministry's Center for Syrian Reconciliation",
        "Sergey Lavrov",
        "Robert Palladino",
    ]
    palladino = by_name["Robert Palladino"]
    assert (palladino.role, palladino.affiliation) == ("spokesman", "US Department of State")
    assert by_name["Sergey Lavrov"].role == "Foreign Minister"
    solomatin = by_name["Sergei Solomatin"]
    assert (solomatin.role, solomatin.affiliation, solomatin.aliases) == (
        "Lt. Gen., head",
        "Russian Defense Ministry's Center for Syrian Reconciliation",
        ["Solomatin"],
    )


def test_descriptions_resolve_in_context(nlp: Language) -> None:
    t = (
        "Donald Trump spoke in Ohio on Monday. The Republican nominee said taxes were too high. "
        "The F.B.I. said the review was over. The bureau said no charges were warranted. "
        "His campaign said the polls were wrong. The Post reported that donors were leaving."
    )
    atts = [
        att(t, "The Republican nominee", "said", "taxes were too high"),
        att(t, "The F.B.I.", "said", "the review was over"),
        att(t, "The bureau", "said", "no charges were warranted"),
        att(t, "His campaign", "said", "the polls were wrong"),
        att(t, "The Post", "reported", "donors were leaving"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Donald Trump", "PERSON"),
        ("FBI", "ORG"),
        ("FBI", "ORG"),
        ("Donald Trump campaign", "ORG"),
        ("The Washington Post", "ORG"),
    ]


def test_short_forms_and_titles_take_the_canonical_full_name(nlp: Language) -> None:
    t = (
        "Mr. Trump said the deal was bad. Clinton said the plan would work. "
        "Sen. Elizabeth Warren said banks had too much power. Warren said she would vote no."
    )
    atts = [
        att(t, "Mr. Trump", "said", "the deal was bad"),
        att(t, "Clinton", "said", "the plan would work"),
        att(t, "Sen. Elizabeth Warren", "said", "banks had too much power"),
        att(t, "Warren", "said", "she would vote no", after=t.index("Warren said")),
    ]
    out, speakers = resolve(nlp, t, atts)
    assert [a.speaker for a in out] == [
        "Donald Trump",
        "Hillary Clinton",
        "Elizabeth Warren",
        "Elizabeth Warren",
    ]
    warren = next(s for s in speakers if s.name == "Elizabeth Warren")
    assert warren.role == "Sen."


def test_pronouns_follow_gender_and_subjects(nlp: Language) -> None:
    t = (
        "Hillary Clinton met Bernie Sanders in Vermont. She said the party was united. "
        "He said he would campaign for her."
    )
    atts = [
        att(t, "She", "said", "the party was united"),
        att(t, "He", "said", "he would campaign for her"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [a.speaker for a in out] == ["Hillary Clinton", "Bernie Sanders"]


def test_groups_generics_and_documents(nlp: Language) -> None:
    t = (
        "Trump and Pence said the economy was weak. Officials said the count was accurate. "
        "Some critics argued the law was unfair. A new Quinnipiac University poll shows Clinton ahead. "
        "According to earlier statements, the checkpoints were open."
    )
    atts = [
        att(t, "Trump and Pence", "said", "the economy was weak"),
        att(t, "Officials", "said", "the count was accurate"),
        att(t, "Some critics", "argued", "the law was unfair"),
        att(t, "A new Quinnipiac University poll", "shows", "Clinton ahead"),
        att(t, "earlier statements", "According to", "the checkpoints were open"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind, a.also) for a in out] == [
        ("Donald Trump", "PERSON", ["Mike Pence"]),
        ("officials", "GENERIC", []),
        ("critics", "GENERIC", []),
        ("Quinnipiac poll", "DOCUMENT", []),
        ("earlier statements", "GENERIC", []),
    ]


def test_sourceless_attribution_takes_the_shared_subject(nlp: Language) -> None:
    t = "Solomatin said the camp was closed and added that the refugees had left."
    atts = [
        att(t, "Solomatin", "said", "the camp was closed"),
        Attribution(source=[], cue=[span(t, "added")], content=[span(t, "the refugees had left")]),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [a.speaker for a in out] == ["Solomatin", "Solomatin"]


def test_no_source_and_no_subject_stays_unresolved(nlp: Language) -> None:
    t = "The checkpoints were reportedly opened last Tuesday."
    atts = [Attribution(source=[], cue=[span(t, "reportedly")], content=[span(t, "The checkpoints were")])]
    out, speakers = resolve(nlp, t, atts)
    assert (out[0].speaker, out[0].speaker_kind, speakers) == (None, None, [])


def test_first_person_inside_a_quote_is_the_quoted_speaker(nlp: Language) -> None:
    t = '"I think the report is wrong," Chris Wallace said on Sunday.'
    atts = [
        att(t, "Chris Wallace", "said", "I think the report is wrong"),
        att(t, "I", "think", "the report is wrong"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [a.speaker for a in out] == ["Chris Wallace", "Chris Wallace"]


def person(name: str, role: str | None = None, affiliation: str | None = None) -> Speaker:
    return Speaker(name=name, kind="PERSON", role=role, affiliation=affiliation)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (person("Sergey Lavrov"), person("Lavrov"), True),
        (person("Sergey Lavrov"), person("Sergei Lavrov"), True),
        (person("Sergey Lavrov"), person("Russian Foreign Minister Sergey Lavrov"), True),
        (person("Chuck Grassley"), person("Charles Grassley"), True),
        (person("Bill Clinton"), person("Hillary Clinton"), False),
        (person("Smith", role="spokesman"), person("Smith", role="senator"), False),
        (person("Smith"), person("Smith"), False),
        (
            person("John Smith", affiliation="State Department"),
            person("Smith", affiliation="State Department"),
            True,
        ),
        (person("Donald Trump"), person("Donald Trump Jr."), False),
        (Speaker(name="FBI", kind="ORG"), Speaker(name="Federal Bureau of Investigation", kind="ORG"), True),
        (Speaker(name="officials", kind="GENERIC"), Speaker(name="officials", kind="GENERIC"), False),
        (person("FBI"), Speaker(name="FBI", kind="ORG"), False),
    ],
)
def test_same_person(a: Speaker, b: Speaker, same: bool) -> None:
    assert (same_person(a, b) >= MERGE_THRESHOLD) is same
    assert same_person(a, b) == same_person(b, a)


def test_match_keys_block_transliterations_together() -> None:
    assert (
        speaker_match_key(person("Sergey Lavrov"))
        == speaker_match_key(person("Sergei Lavrov"))
        == "PERSON:lavrov"
    )
    assert speaker_match_key(Speaker(name="the F.B.I.", kind="ORG")) == "ORG:fbi"


def test_op_ed_first_person_is_the_author_in_the_closing_bio(nlp: Language) -> None:
    t = (
        "I grew up in a small town. I know that voters there feel ignored.\n\n"
        "Jane Doeman is a playwright in Boston."
    )
    atts = [att(t, "I", "know", "voters there feel ignored")]
    out, _ = resolve(nlp, t, atts)
    assert (out[0].speaker, out[0].speaker_kind) == ("Jane Doeman", "PERSON")


def test_organisations_keep_their_name_and_coordinated_ones_go_to_also(nlp: Language) -> None:
    t = (
        "China and Russia said the sanctions were unfair. "
        "The Federal Bureau of Investigation said it was ready."
    )
    atts = [
        att(t, "China and Russia", "said", "the sanctions were unfair"),
        att(t, "The Federal Bureau of Investigation", "said", "it was ready"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind, a.also) for a in out] == [
        ("China", "ORG", ["Russia"]),
        ("FBI", "ORG", []),
    ]


def test_unnamed_document_takes_the_later_named_one(nlp: Language) -> None:
    t = (
        "A new poll shows Clinton ahead. The latest Reuters/Ipsos poll found that voters were split. "
        "The poll said turnout would be high."
    )
    atts = [
        att(t, "A new poll", "shows", "Clinton ahead"),
        att(t, "The latest Reuters/Ipsos poll", "found", "voters were split"),
        att(t, "The poll", "said", "turnout would be high"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [("Reuters/Ipsos poll", "DOCUMENT")] * 3


def test_name_helpers() -> None:
    from app.nlp import names

    assert names.person_name(["Lt.", "Gen.", "Sergei", "V.", "Solomatin"]) == "Sergei Solomatin"
    assert names.person_name(["Charlotte", "Mayor", "Jennifer", "Roberts"]) == "Jennifer Roberts"
    assert names.canonical_person("Donald J. Trump") == "Donald Trump"
    assert names.canonical_person("Joseph R. Biden Jr.") == "Joe Biden"
    assert names.canonical_org("the F.B.I.") == "FBI"
    assert names.default_for_short("Clinton") == "Hillary Clinton"
    assert names.unmojibake("Fran\u00c3\u0083\u00c2\u00a7ois Hollande") == "François Hollande"
    assert names.first_name_class("sergey") == names.first_name_class("sergei")


SEED_GOLD = Path(__file__).resolve().parents[4] / "shared" / "eval" / "data" / "seed.jsonl"


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="shared eval material not present")
def test_seed_gold_spans_get_the_gold_speakers(nlp: Language) -> None:
    """The raw scraped seed article (boilerplate, no-break spaces) with its gold spans."""
    rec = json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])
    atts = [
        Attribution(
            source=[(s, e) for s, e in a["source"]],
            cue=[(s, e) for s, e in a["cue"]],
            content=[(s, e) for s, e in a["content"]],
        )
        for a in rec["attributions"]
    ]
    out, _ = resolve(nlp, rec["text"], atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        (a["speaker"], a["speaker_kind"]) for a in rec["attributions"]
    ]


def test_role_given_in_the_article_beats_the_domain_default(nlp: Language) -> None:
    t = (
        "Turkish President Recep Tayyip Erdogan met the prime minister on Monday. "
        "The president said the talks had gone well."
    )
    atts = [att(t, "The president", "said", "the talks had gone well")]
    out, _ = resolve(nlp, t, atts)
    assert (out[0].speaker, out[0].speaker_kind) == ("Recep Tayyip Erdogan", "PERSON")


def _at(text: str, source: str | None, cue: str | None, content: str) -> Attribution:
    """Like `att`, but the source and cue may be absent or anywhere (a tagger's spans)."""
    return Attribution(
        source=[span(text, source)] if source else [],
        cue=[span(text, cue)] if cue else [],
        content=[span(text, content)],
    )


def test_signed_quotes_and_transcript_turns_name_their_speaker(nlp: Language) -> None:
    t = (
        "Readers wrote in after the debate.\n\n"
        "\u201cHe does not answer to anyone.\u201d \u2015 Maria Lopez\n\n"
        "WALLACE: Will she be there?\n\n"
        "PENCE: Well, look, I think the American people know better."
    )
    atts = [
        _at(t, None, None, "He does not answer to anyone."),
        _at(t, "I", "think", "the American people know better"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [("Maria Lopez", "PERSON"), ("Mike Pence", "PERSON")]


def test_off_source_spans_are_repaired(nlp: Language) -> None:
    t = (
        "Tom Clarke runs the company. Mr. Clarke said the mine would reopen. "
        "A new study was released by a group of researchers. "
        "NYPD Commissioner James O\u2019Neill spoke. O'Neill said officials had video."
    )
    atts = [
        _at(t, "Mr.", "said", "the mine would reopen"),
        _at(t, "by a group of researchers", "released", "A new study"),
        _at(t, "O'Neill", "said", "officials had video"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Tom Clarke", "PERSON"),
        ("group", "GENERIC"),
        ("James O'Neill", "PERSON"),
    ]


def test_article_context_picks_the_bearer_and_the_organisation(nlp: Language) -> None:
    t = (
        "Bill Clinton calls the law a crazy system.\n\n"
        "Former President Bill Clinton spoke in Flint for his wife Hillary Clinton. "
        "During the rally, the former president criticized the law. "
        '"It doesn\'t make any sense," Clinton said. '
        "In the Wells Fargo scandal, customers were charged fees. The bank said it had fired employees."
    )
    atts = [
        _at(t, "Clinton", "said", "It doesn't make any sense"),
        _at(t, "The bank", "said", "it had fired employees"),
    ]
    out, _ = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [("Bill Clinton", "PERSON"), ("Wells Fargo", "ORG")]


def test_unnamed_documents_are_descriptors_and_lone_surnames_find_their_full_name(nlp: Language) -> None:
    t = (
        "Mehmet Oz \u2014 Ivy League-trained surgeon and daytime TV star \u2014 "
        "has a basketful of critics.\n\n"
        "But for Donald Trump, Oz's show proved to be a safe space. Oz said the candidate was healthy. "
        "A review of records shows few cases of fraud."
    )
    atts = [
        _at(t, "Oz", "said", "the candidate was healthy"),
        _at(t, "A review of records", "shows", "few cases of fraud"),
    ]
    out, speakers = resolve(nlp, t, atts)
    assert [(a.speaker, a.speaker_kind) for a in out] == [
        ("Mehmet Oz", "PERSON"),
        ("records review", "GENERIC"),
    ]
    assert [(s.name, s.kind) for s in speakers] == [("Mehmet Oz", "PERSON"), ("records review", "GENERIC")]


def test_a_name_after_its_role_speaks_however_parsed(nlp: Language) -> None:
    t = "Tulsa police Chief Chuck Jordan said Monday the investigation would be thorough."
    atts = [_at(t, "Tulsa police Chief Chuck Jordan", "said", "the investigation would be thorough")]
    out, speakers = resolve(nlp, t, atts)
    assert (out[0].speaker, out[0].speaker_kind) == ("Chuck Jordan", "PERSON")
    assert (speakers[0].role, speakers[0].affiliation) == ("police Chief", "Tulsa")
