"""In-article disputes: the seed's one dispute, and the rules on short made-up articles."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from app.nlp.disputes import find_disputes
from app.nlp.models import Attribution
from app.settings import get_settings

EVAL = Path(__file__).resolve().parents[4] / "shared" / "eval"


@lru_cache(maxsize=1)
def nlp() -> Language:
    return spacy.load(get_settings().spacy_model)


def attribution(text: str, content: str, cue: str, speaker: str) -> Attribution:
    s = text.index(content)
    c = text.index(cue)
    return Attribution(content=[(s, s + len(content))], cue=[(c, c + len(cue))], speaker=speaker)


@pytest.mark.skipif(not (EVAL / "data" / "seed.jsonl").exists(), reason="shared eval material not present")
def test_seed_has_exactly_palladinos_reply_to_lavrov() -> None:
    gold = json.loads((EVAL / "data" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    atts = [
        Attribution(
            source=[tuple(x) for x in a["source"]],
            cue=[tuple(x) for x in a["cue"]],
            content=[tuple(x) for x in a["content"]],
            speaker=a["speaker"],
        )
        for a in gold["attributions"]
    ]
    found = find_disputes(nlp()(gold["text"]), atts)
    assert [(d.i, d.j) for d in found] == [(5, 4)]
    d = found[0]
    assert d.method == "refutation"
    assert d.cue == "reply"
    assert "reply" in d.evidence and "united" in d.evidence
    assert 0.0 < d.confidence <= 1.0


def test_denial_disputes_the_accusation() -> None:
    text = (
        "Senator Jane Doe said the company paid the hackers to break into the party servers. "
        "The company's spokesman, Tom Roe, denied that the company paid the hackers."
    )
    atts = [
        attribution(text, "the company paid the hackers to break into the party servers", "said", "Jane Doe"),
        attribution(text, "that the company paid the hackers.", "denied", "Tom Roe"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method, d.cue) for d in found] == [(1, 0, "refutation", "deny")]
    assert "company" in found[0].evidence and "hacker" in found[0].evidence


def test_armed_and_unarmed_conflict() -> None:
    text = "Police said Scott was armed with a handgun. His wife, Rakeyia Scott, said Scott was unarmed."
    atts = [
        attribution(text, "Scott was armed with a handgun", "said", "Police"),
        attribution(text, "Scott was unarmed", "said Scott was unarmed", "Rakeyia Scott"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(1, 0, "antonym")]
    assert found[0].evidence == "armed vs unarmed: no weapon / weapon"


def test_agreeing_speakers_are_no_dispute() -> None:
    text = (
        "Governor Ann Lee said the new bridge will open in May. "
        "The transport minister, Bob Kay, said the bridge will open in May as planned."
    )
    atts = [
        attribution(text, "the new bridge will open in May", "said", "Ann Lee"),
        attribution(text, "the bridge will open in May as planned", "said the bridge", "Bob Kay"),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_one_speaker_never_disputes_itself_and_short_inputs() -> None:
    text = "Mr. Kay said taxes would rise. Mr. Kay later said taxes would not rise."
    atts = [
        attribution(text, "taxes would rise", "said", "Bob Kay"),
        attribution(text, "taxes would not rise", "later said", "Bob Kay"),
    ]
    doc = nlp()(text)
    assert find_disputes(doc, atts) == []
    assert find_disputes(doc, atts[:1]) == []
    assert find_disputes(doc, []) == []


def test_overlapping_copies_of_one_claim_get_one_dispute() -> None:
    text = (
        "Senator Jane Doe said the company paid the hackers to break into the party servers. "
        "The company's spokesman, Tom Roe, denied that the company paid the hackers."
    )
    long_claim = "the company paid the hackers to break into the party servers"
    atts = [
        attribution(text, long_claim, "said", "Jane Doe"),
        attribution(text, "the company paid the hackers to break", "said", "Jane Doe campaign"),
        attribution(text, "that the company paid the hackers.", "denied", "Tom Roe"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j) for d in found] == [(2, 0)]


def test_false_hope_is_no_refutation_but_false_claims_are() -> None:
    text = (
        "Dr. Ann Lee said the new pill cures every kind of cancer in a week. "
        "Senator Bob Kay said the pill gives patients false hope about cancer. "
        "Senator Bob Kay said the claims that the pill cures cancer are false."
    )
    atts = [
        attribution(text, "the new pill cures every kind of cancer in a week", "said", "Ann Lee"),
        attribution(text, "the pill gives patients false hope about cancer", "said the pill", "Bob Kay"),
        attribution(text, "the claims that the pill cures cancer are false", "said the claims", "Bob Kay"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(2, 0, "refutation")]
    assert "false" in found[0].evidence


def test_a_refutation_reported_from_someone_else_is_not_the_speakers() -> None:
    text = (
        "Governor Ann Lee said climate change is caused by human activity. "
        "Mayor Bob Kay said voters tune out when they hear a candidate say climate change is a hoax."
    )
    atts = [
        attribution(text, "climate change is caused by human activity", "said", "Ann Lee"),
        attribution(
            text,
            "voters tune out when they hear a candidate say climate change is a hoax",
            "said voters",
            "Bob Kay",
        ),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_a_named_liar_binds_the_target() -> None:
    text = (
        "Senator Jane Doe said the company paid the hackers to break into the servers. "
        "Tom Roe said Smith lied about the company and the hackers."
    )
    atts = [
        attribution(text, "the company paid the hackers to break into the servers", "said", "Jane Doe"),
        attribution(text, "Smith lied about the company and the hackers", "said Smith", "Tom Roe"),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_antonyms_sharing_one_stray_word_are_no_dispute() -> None:
    text = (
        "The governor said Lee won the vote in the county. "
        "A spokesman, Tom Roe, said Smith lost his job in the county last year."
    )
    atts = [
        attribution(text, "Lee won the vote in the county", "said", "Ann Lee"),
        attribution(text, "Smith lost his job in the county last year", "said Smith", "Tom Roe"),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_armed_and_no_weapon_conflict_across_the_article_but_gun_control_does_not() -> None:
    filler = " ".join(f"Mayor Jim Poe said the bridge number {k} will reopen in spring." for k in range(8))
    text = (
        "His wife, Ann Scott, said her husband was unarmed. "
        f"{filler} "
        "Police said officers saw Scott get out of a car with a handgun. "
        "Senator Bob Kay said gun control is not the solution."
    )
    atts = [attribution(text, "her husband was unarmed", "said her", "Ann Scott")]
    for k in range(8):
        claim = f"the bridge number {k} will reopen in spring"
        atts.append(attribution(text, claim, f"said {claim}", "Jim Poe"))
    police = "officers saw Scott get out of a car with a handgun"
    atts.append(attribution(text, police, "said officers", "Police"))
    atts.append(attribution(text, "gun control is not the solution", "said gun", "Bob Kay"))
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(9, 0, "antonym")]
    assert "armed vs unarmed" in found[0].evidence


def test_that_argument_answers_the_nearest_claim_only() -> None:
    text = (
        "The newspaper argued that the records were needed for the public debate about the candidate. "
        "Its lawyers also argued that the divorce records were of public interest for voters. "
        "Justice Frank Nervo rejected that argument in a ruling."
    )
    atts = [
        attribution(
            text, "that the records were needed for the public debate about the candidate", "argued", "Times"
        ),
        attribution(
            text,
            "that the divorce records were of public interest for voters",
            "also argued",
            "Times lawyers",
        ),
        attribution(text, "that argument in a ruling", "rejected", "Frank Nervo"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(2, 1, "refutation")]


def test_a_refuter_naming_the_liar_reaches_beyond_the_window() -> None:
    filler = " ".join(f"Mayor Jim Poe said the bridge number {k} will reopen in spring." for k in range(8))
    text = (
        "Donald Trump wrote that Alicia Machado made a sex tape. "
        f"{filler} "
        "Hillary Clinton said Trump's tweets about Alicia Machado and a sex tape are lies."
    )
    atts = [attribution(text, "Alicia Machado made a sex tape", "wrote", "Donald Trump")]
    for k in range(8):
        claim = f"the bridge number {k} will reopen in spring"
        atts.append(attribution(text, claim, f"said {claim}", "Jim Poe"))
    refuter = "Trump's tweets about Alicia Machado and a sex tape are lies"
    atts.append(attribution(text, refuter, "said Trump", "Hillary Clinton"))
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(9, 0, "refutation")]
    assert "lie" in found[0].evidence


def test_a_group_described_by_what_it_backs_does_not_bind_the_target() -> None:
    # "Clean Power Plan supporters" are not named by "The Clean Power Plan": the refuter still
    # answers the states' claim, not only claims of the plan's supporters.
    text = (
        "West Virginia argued that the EPA overstepped its authority when it issued "
        "the Clean Power Plan rules. "
        "Clean Power Plan supporters praised the reach of the rules. "
        "Professor Richard Revesz said the Clean Power Plan rule is not the behemoth that "
        "the petitioners make it out to be."
    )
    atts = [
        attribution(
            text,
            "that the EPA overstepped its authority when it issued the Clean Power Plan rules",
            "argued",
            "West Virginia",
        ),
        attribution(text, "the reach of the rules", "praised", "Clean Power Plan supporters"),
        attribution(
            text,
            "the Clean Power Plan rule is not the behemoth that the petitioners make it out to be",
            "said the Clean",
            "Richard Revesz",
        ),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(2, 0, "refutation")]
    assert "make it out to be" in found[0].evidence


def test_a_statement_cut_at_a_second_verb_is_disputed_as_one() -> None:
    # The extractor took "refused" for a second cue: the dispute goes to the statement's longest piece.
    text = (
        "His wife, Ann Scott, said her husband had no weapon. "
        "Police say he posed a deadly threat and refused to drop the gun."
    )
    atts = [
        attribution(text, "her husband had no weapon", "said her", "Ann Scott"),
        attribution(text, "he posed a deadly threat", "say", "Police"),
        attribution(text, "to drop the gun", "refused", "Police"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(1, 0, "antonym")]


def test_two_statements_in_one_sentence_stay_apart() -> None:
    # "told ... but said": two reported statements, the one naming the gun is disputed.
    text = (
        "His wife, Ann Scott, said her husband had no weapon. "
        "The chief told CNN that the video was blurry, but said witnesses saw a gun in his hand."
    )
    atts = [
        attribution(text, "her husband had no weapon", "said her", "Ann Scott"),
        attribution(text, "that the video was blurry", "told", "Kerr Putney"),
        attribution(text, "witnesses saw a gun in his hand", "said witnesses", "Kerr Putney"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(2, 0, "antonym")]


def test_claims_about_a_topic_point_only_at_claims_on_it() -> None:
    text = (
        "The White House said the law could bring retaliatory measures from other countries. "
        "The administration argued that the bill is a bad idea. "
        "The families say the president's claims about retaliation are unfounded."
    )
    atts = [
        attribution(
            text, "the law could bring retaliatory measures from other countries", "said", "White House"
        ),
        attribution(text, "that the bill is a bad idea", "argued", "Obama administration"),
        attribution(
            text, "the president's claims about retaliation are unfounded", "say", "9/11 victims' families"
        ),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(2, 0, "refutation")]
    assert "points back at a claim: claim" in found[0].evidence


def test_a_polarity_flip_needs_the_other_speaker_as_agent() -> None:
    text = (
        "Senator Bob Kay said Ann Lee has paid nothing in federal taxes for years. "
        "Ann Lee said she pays federal taxes every year. "
        "Tom Roe said the Lee family charity does not pay federal taxes on its land."
    )
    atts = [
        attribution(text, "Ann Lee has paid nothing in federal taxes for years", "said", "Bob Kay"),
        attribution(text, "she pays federal taxes every year", "said she", "Ann Lee"),
        attribution(
            text, "the Lee family charity does not pay federal taxes on its land", "said the", "Tom Roe"
        ),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(1, 0, "polarity")]
    assert "'pay'" in found[0].evidence


def test_calling_a_named_person_a_liar_targets_only_that_persons_claims() -> None:
    text = (
        "Robby Mook said moderator Lester Holt should fact check Donald Trump during the debate. "
        "Rush Limbaugh said Donald Trump is a liar to them and Lester Holt must fact check him on every lie "
        "in the debate."
    )
    atts = [
        attribution(
            text,
            "moderator Lester Holt should fact check Donald Trump during the debate",
            "said",
            "Robby Mook",
        ),
        attribution(
            text,
            "Donald Trump is a liar to them and Lester Holt must fact check him on every lie in the debate",
            "said Donald",
            "Rush Limbaugh",
        ),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_calling_someone_a_liar_disputes_her_next_claim_on_the_subject() -> None:
    # The refuter comes first in the text: "[refuter, claim]" all the same.
    text = (
        "Donald Trump said Hillary Clinton is lying about her support for the trade deal. "
        "Clinton now says she opposes the deal."
    )
    atts = [
        attribution(
            text, "Hillary Clinton is lying about her support for the trade deal", "said", "Donald Trump"
        ),
        attribution(text, "she opposes the deal", "says", "Hillary Clinton"),
    ]
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method) for d in found] == [(0, 1, "refutation")]
    assert "lie" in found[0].evidence and "deal" in found[0].evidence


def test_the_polices_own_gun_contradicts_no_unarmed_man() -> None:
    text = (
        "His wife, Ann Scott, told the officers that her husband was unarmed. "
        "NBC News said the video shows an officer aiming a gun at Scott while police shout at him."
    )
    atts = [
        attribution(text, "that her husband was unarmed", "told", "Ann Scott"),
        attribution(
            text,
            "the video shows an officer aiming a gun at Scott while police shout at him",
            "said the",
            "NBC News",
        ),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_no_dispute_with_an_unresolved_pronoun_speaker() -> None:
    text = (
        "Hillary Clinton promised to make tuition free for families with less than $125,000 in income. "
        "You may find a state university degree will cost $160,000 in income in 18 years."
    )
    atts = [
        attribution(
            text,
            "to make tuition free for families with less than $125,000 in income",
            "promised",
            "Hillary Clinton",
        ),
        attribution(
            text, "a state university degree will cost $160,000 in income in 18 years", "find", "you"
        ),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_a_named_liar_needs_two_shared_words_with_an_earlier_claim() -> None:
    text = (
        "Donald Trump wrote that Clinton had helped Machado get citizenship. "
        "Hillary Clinton said Trump's tweets about Machado are lies."
    )
    atts = [
        attribution(text, "that Clinton had helped Machado get citizenship", "wrote", "Donald Trump"),
        attribution(text, "Trump's tweets about Machado are lies", "said Trump", "Hillary Clinton"),
    ]
    assert find_disputes(nlp()(text), atts) == []


def test_a_refuting_participle_joining_two_statements_makes_the_first_dispute_the_second() -> None:
    def pair(joint: str) -> tuple[str, list[Attribution]]:
        text = f"Video shows that he had his hands up, {joint} Tulsa police's earlier claim that he refused."
        video = attribution(text, "that he had his hands up", "shows", "video")
        police = attribution(text, "that he refused", "earlier claim", "Tulsa police")
        s = text.index("Tulsa police's")
        return text, [video, police.model_copy(update={"source": [(s, s + len("Tulsa police's"))]})]

    text, atts = pair("contradicting")
    found = find_disputes(nlp()(text), atts)
    assert [(d.i, d.j, d.method, d.cue) for d in found] == [(0, 1, "refutation", "contradicting")]
    # "..., echoing Tulsa police's earlier claim": no refuting word between them, no dispute
    text, atts = pair("echoing")
    assert find_disputes(nlp()(text), atts) == []


def test_what_ought_to_be_does_not_contradict_what_is() -> None:
    def judged(claim: str) -> list[tuple[int, int, str]]:
        text = f'Rosenthal said "{claim}" Trump said he was not releasing his tax returns.'
        atts = [
            attribution(text, claim, "Rosenthal said", "Steven Rosenthal"),
            attribution(text, "he was not releasing his tax returns", "Trump said", "Donald Trump"),
        ]
        return [(d.i, d.j, d.method) for d in find_disputes(nlp()(text), atts)]

    assert judged("Trump released his tax returns last year.") == [(1, 0, "polarity")]
    assert judged("Trump should follow precedent and release his tax returns.") == []
