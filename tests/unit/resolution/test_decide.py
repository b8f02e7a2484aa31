"""`decide` over hand-made candidates and a table judge: the rules of docs/cross-article.md applied to
whole articles, without Neo4j and without a model (the judge is the injected dependency)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.nlp.models import ArticleIn, Attribution, Extraction, Speaker
from app.resolution import decide
from app.resolution.judge import Pair, Side
from app.resolution.models import ClaimFeatures, PreparedArticle
from graph import ids
from graph.models import ArticleRef, CandidateSet, ClaimCandidate, CrossDispute, SpeakerCandidate, SpeakerRef


@dataclass
class TableJudge:
    """A ClaimJudge from tables: which texts are one claim (with a score), which dispute, which refute."""

    same: dict[frozenset[str], float] = field(default_factory=dict)
    disputes: set[tuple[str, str]] = field(default_factory=set)  # (answering text, answered text)
    refuting: set[str] = field(default_factory=set)  # texts (any cue) or cues that deny
    noun_phrases: set[str] = field(default_factory=set)
    asked: list[tuple[str, str]] = field(default_factory=list)  # dispute questions, in order

    def refutes(self, text: str, cue: str) -> bool:
        return text in self.refuting or cue in self.refuting

    def is_clause(self, text: str) -> bool:
        return text not in self.noun_phrases

    def same_claim_scores(self, text: str, others: Sequence[Pair], *, prefilter: bool) -> list[float | None]:
        out: list[float | None] = []
        for o in others:
            score = self.same.get(frozenset({text, o.text}))
            out.append(None if score is None else score + (0.2 if o.same_speaker else 0.0))
        return out

    def dispute(self, answering: Side, answered: Side) -> CrossDispute | None:
        self.asked.append((answering.text, answered.text))
        if (answering.text, answered.text) not in self.disputes:
            return None
        return CrossDispute(attribution=0, claim_id="", method="cross-table", evidence="table")

    def learn(self, features: Iterable[ClaimFeatures]) -> None:
        pass


ACCUSATION = "Apex Mining dumped toxic waste into the Clear River"
DENIAL = "it had dumped toxic waste into the Clear River"
REPORT = "Apex dumped toxic waste in the Clear River"


def _article(
    aid: str, date: str, claims: list[tuple[str, str | None, str]], disputes: Sequence[tuple[int, int]] = ()
) -> tuple[PreparedArticle, list[ClaimFeatures]]:
    """An article whose attributions are (content, speaker, cue), laid out in its text."""
    text, atts, feats, names = "", [], [], {}
    for content, speaker, cue in claims:
        start = len(text)
        text += content + ". "
        atts.append(
            Attribution(content=[(start, start + len(content))], speaker=speaker, speaker_kind="PERSON")
        )
        terms = content.split()
        feats.append(ClaimFeatures(text=content, cue=cue, terms=terms, query=content, refutes=False))
        if speaker:
            names[speaker] = Speaker(name=speaker, kind="PERSON")
    ext = Extraction(
        text=text,
        attributions=atts,
        speakers=list(names.values()),
        disputes=[{"i": i, "j": j} for i, j in disputes],  # type: ignore[misc]
    )
    art = ArticleIn(id=aid, text=text, published_at=date)
    return PreparedArticle(article=art, content_hash=ids.content_hash(text), extraction=ext), feats


def _claim(text: str, speaker: str, articles: list[tuple[str, str]], **kw: object) -> ClaimCandidate:
    sid = ids.speaker_id(speaker, kind="PERSON")
    return ClaimCandidate(
        id=ids.claim_id(text),
        text=text,
        score=1.0,
        speakers=[SpeakerRef(id=sid, name=speaker, kind="PERSON", primary=True)],
        articles=[ArticleRef(id=ids.article_id(external_id=a), published_at=d) for a, d in articles],
        **kw,  # type: ignore[arg-type]
    )


def test_a_denial_disputes_the_claim_it_restates_whatever_the_dates() -> None:
    """The denial is published BEFORE the accusation it answers (load order too): it still disputes it."""
    prepared, feats = _article("acc", "2016-03-05", [(ACCUSATION, "Jane Holloway", "said")])
    judge = TableJudge(
        same={frozenset({ACCUSATION, DENIAL}): 0.9}, refuting={"denied"}, disputes={(DENIAL, ACCUSATION)}
    )
    cands = CandidateSet(
        claims={0: [_claim(DENIAL, "Apex Mining", [("den", "2016-03-01")], cues=["denied"])]}
    )
    got = decide(prepared, feats, cands, judge).resolution
    assert got.claim_links == {}  # a denial is never the same claim, however close the words
    [x] = got.cross_disputes
    assert (x.claim_id, x.direction) == (ids.claim_id(DENIAL), "disputed_by")
    assert judge.asked == [(DENIAL, ACCUSATION)]


def test_the_later_article_disputes_the_earlier() -> None:
    early, late = "crime fell in 2015", "crime rose in 2015"
    judge = TableJudge(disputes={(early, late), (late, early)})
    for mine, date, other, other_date, direction in (
        (late, "2016-03-05", early, "2016-03-01", "disputes"),
        (early, "2016-03-01", late, "2016-03-05", "disputed_by"),
    ):
        prepared, feats = _article("me", date, [(mine, "Jane Holloway", "said")])
        cands = CandidateSet(claims={0: [_claim(other, "Tom Brady", [("other", other_date)])]})
        [x] = decide(prepared, feats, cands, judge).resolution.cross_disputes
        assert x.direction == direction


def test_one_speaker_never_disputes_themself() -> None:
    a, b = "crime fell in 2015", "crime rose in 2015"
    judge = TableJudge(disputes={(a, b), (b, a)})
    prepared, feats = _article("me", "2016-03-05", [(a, "Jane Holloway", "said")])
    cands = CandidateSet(claims={0: [_claim(b, "Jane Holloway", [("other", "2016-03-01")])]})
    assert decide(prepared, feats, cands, judge).resolution.cross_disputes == []
    assert judge.asked == []


def test_a_pair_the_graph_holds_gets_no_second_edge() -> None:
    """The report links to the accusation, which the graph already has disputed by the denial."""
    acc, den = _claim(ACCUSATION, "Jane Holloway", [("acc", "2016-03-02")]), ids.claim_id(DENIAL)
    acc = acc.model_copy(update={"disputed_by": [den]})
    denial = _claim(DENIAL, "Apex Mining", [("den", "2016-03-03")], cues=["denied"])
    judge = TableJudge(
        same={frozenset({REPORT, ACCUSATION}): 0.8}, refuting={"denied"}, disputes={(DENIAL, REPORT)}
    )
    prepared, feats = _article("rep", "2016-03-04", [(REPORT, "Jane Holloway", "said")])
    got = decide(prepared, feats, CandidateSet(claims={0: [acc, denial]}), judge).resolution
    assert got.claim_links == {0: acc.id}
    assert got.cross_disputes == []


def test_same_speaker_bar_links_a_loose_paraphrase_only_for_one_speaker() -> None:
    mine, theirs = "he cannot release his returns during an audit", "the audit is why he won't release"
    judge = TableJudge(same={frozenset({mine, theirs}): 0.6})  # + 0.2 for one speaker, from the judge

    def link(speaker: str) -> dict[int, str]:
        prepared, feats = _article("me", "2016-03-05", [(mine, "Donald Trump", "said")])
        cands = CandidateSet(claims={0: [_claim(theirs, speaker, [("other", "2016-03-01")])]})
        pairs: list[Pair] = []
        original = judge.same_claim_scores

        def spy(text: str, others: Sequence[Pair], *, prefilter: bool) -> list[float | None]:
            pairs.extend(others)
            return original(text, others, prefilter=prefilter)

        judge.same_claim_scores = spy  # type: ignore[method-assign]
        try:
            return decide(prepared, feats, cands, judge).resolution.claim_links
        finally:
            del judge.same_claim_scores
            assert [p.same_speaker for p in pairs] == [speaker == "Donald Trump"]

    assert link("Donald Trump") == {0: ids.claim_id(theirs)}
    # The judge answers for either bar; decide only tells it whether one Speaker asserts both.
    assert link("Hillary Clinton") == {0: ids.claim_id(theirs)}


def test_the_best_match_survives_and_other_matching_clauses_fold_into_it() -> None:
    c1, c2, topic = "Trump lost $916 million in 1995", "Trump took a $916 million loss", "Trump's loss"
    judge = TableJudge(
        same={frozenset({REPORT, c1}): 0.9, frozenset({REPORT, c2}): 0.8, frozenset({REPORT, topic}): 0.85},
        noun_phrases={topic},
    )
    prepared, feats = _article("rep", "2016-10-04", [(REPORT, "Maggie Haberman", "reported")])
    cands = CandidateSet(
        claims={
            0: [
                _claim(c1, "NYT", [("nyt", "2016-10-01")]),
                _claim(c2, "Politico", [("pol", "2016-10-02")]),
                _claim(topic, "Breitbart", [("bb", "2016-10-03")]),
            ]
        }
    )
    got = decide(prepared, feats, cands, judge).resolution
    assert got.claim_links == {0: ids.claim_id(c1)}
    assert got.claim_merges == {ids.claim_id(c2): ids.claim_id(c1)}  # the noun phrase does not fold


def test_claims_in_dispute_never_fold() -> None:
    c1, c2 = "Trump lost $916 million in 1995", "Trump never lost $916 million"
    judge = TableJudge(same={frozenset({REPORT, c1}): 0.9, frozenset({REPORT, c2}): 0.8})
    prepared, feats = _article("rep", "2016-10-04", [(REPORT, "Maggie Haberman", "reported")])
    first = _claim(c1, "NYT", [("nyt", "2016-10-01")], disputed_by=[ids.claim_id(c2)])
    cands = CandidateSet(claims={0: [first, _claim(c2, "Politico", [("pol", "2016-10-02")])]})
    got = decide(prepared, feats, cands, judge).resolution
    assert got.claim_links == {0: ids.claim_id(c1)}
    assert got.claim_merges == {}


def test_a_repeat_in_the_article_links_to_its_first_saying() -> None:
    headline, quote = "we will cut taxes for the middle class", "we are going to cut middle-class taxes"
    judge = TableJudge(same={frozenset({headline, quote}): 0.6})
    prepared, feats = _article(
        "a", "2016-10-04", [(headline, "Donald Trump", "said"), (quote, "Donald Trump", "said")]
    )
    got = decide(prepared, feats, CandidateSet(), judge).resolution
    assert got.claim_links == {1: ids.claim_id(headline)}
    # ... but not when the extraction found them in dispute.
    prepared, feats = _article(
        "a", "2016-10-04", [(headline, "Donald Trump", "said"), (quote, "Donald Trump", "said")], [(1, 0)]
    )
    assert decide(prepared, feats, CandidateSet(), judge).resolution.claim_links == {}


def test_a_speaker_name_links_to_the_same_person() -> None:
    prepared, feats = _article("a", "2016-10-04", [(REPORT, "Sergei Lavrov", "said")])
    known = SpeakerCandidate(
        id=ids.speaker_id("Sergey Lavrov", kind="PERSON"),
        name="Sergey Lavrov",
        kind="PERSON",
        score=3.0,
        exact=False,
    )
    got = decide(prepared, feats, CandidateSet(speakers={"Sergei Lavrov": [known]}), TableJudge())
    assert got.resolution.speaker_links == {"Sergei Lavrov": known.id}
    assert got.speaker_names == {known.id: ("Sergey Lavrov", "PERSON")}


def test_decisions_do_not_depend_on_candidate_order() -> None:
    c1, c2 = "Trump lost $916 million in 1995", "Trump took a $916 million loss"
    judge = TableJudge(same={frozenset({REPORT, c1}): 0.9, frozenset({REPORT, c2}): 0.9})
    prepared, feats = _article("rep", "2016-10-04", [(REPORT, "Maggie Haberman", "reported")])
    a, b = _claim(c1, "NYT", [("nyt", "2016-10-01")]), _claim(c2, "Politico", [("pol", "2016-10-02")])
    one = decide(prepared, feats, CandidateSet(claims={0: [a, b]}), judge).resolution
    two = decide(prepared, feats, CandidateSet(claims={0: [b, a]}), judge).resolution
    assert one == two
