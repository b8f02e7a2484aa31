"""Synthetic news for the scale benchmarks: articles whose extraction is known without running spaCy.

Each article is a run of sentences "<Speaker> said that <claim>." (or "denied that"
for a rebuttal), with exact spans, so the result is a valid `Extraction` that goes
through the same graph loader as real ingest. The shape follows real news:

- speakers' popularity is Zipf-like (a few politicians speak in many articles);
  ~70% PERSON, ~25% ORG, ~5% GENERIC ("officials", scoped to the article);
- claim words are drawn Zipf-like from a fixed vocabulary, so full-text search
  hits many claims for common words and few for rare ones;
- ~5% of claims repeat an earlier claim (another outlet reporting the same
  statement: one Claim, several ASSERTS);
- ~30% of articles carry a dispute: a later speaker denies an earlier one's claim.

Deterministic for a given seed and start index, so sizes nest (10^4 ⊂ 10^5 ⊂ 10^6).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from app.nlp.models import ArticleIn, Attribution, Dispute, Extraction, Speaker
from app.services.ingest import PreparedArticle, content_hash

CLAIMS_PER_ARTICLE = 10

_FIRST = [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Margaret",
    "Paul",
    "Sandra",
    "Steven",
    "Ashley",
    "Andrew",
    "Kimberly",
    "Kenneth",
    "Emily",
    "Joshua",
    "Donna",
    "Kevin",
    "Michelle",
    "Brian",
    "Carol",
    "George",
    "Amanda",
    "Timothy",
    "Melissa",
    "Ronald",
    "Deborah",
    "Edward",
    "Stephanie",
    "Jason",
    "Rebecca",
    "Jeffrey",
    "Sharon",
    "Ryan",
    "Laura",
    "Jacob",
    "Cynthia",
    "Gary",
    "Kathleen",
    "Nicholas",
    "Amy",
    "Eric",
    "Angela",
    "Jonathan",
    "Shirley",
    "Stephen",
    "Anna",
    "Larry",
    "Brenda",
    "Justin",
    "Pamela",
]
_SYL = "ba be bi bo ca co da de di do fa fe ga go ha he ka ke la le li lo ma me mi mo na ne ni no pa pe "
_SYL += "ra re ri ro sa se si so ta te ti to va ve vi wa we ya yo za ze zi"
_SYLLABLES = _SYL.split()
_ORG_HEADS = [
    "Ministry",
    "Agency",
    "Council",
    "Bureau",
    "Institute",
    "Party",
    "Committee",
    "Union",
    "Foundation",
    "Commission",
]
_GENERIC = ["officials", "critics", "analysts", "residents", "experts", "aides", "witnesses", "lawmakers"]
_FALLBACK_VOCAB = [
    "government",
    "election",
    "policy",
    "tax",
    "health",
    "police",
    "report",
    "border",
    "trade",
    "court",
    "vote",
    "campaign",
    "war",
    "economy",
    "security",
    "climate",
    "energy",
    "budget",
    "law",
    "city",
    "state",
    "president",
    "minister",
    "senate",
    "congress",
    "investigation",
    "attack",
    "deal",
    "market",
    "crisis",
    "reform",
    "immigration",
    "water",
    "school",
    "military",
    "program",
    "money",
    "oil",
    "bank",
    "prices",
]


@dataclass(frozen=True)
class SynthSpeaker:
    name: str
    kind: str


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()


def make_speakers(n: int, seed: int = 7) -> list[SynthSpeaker]:
    """n distinct named speakers; the first ones are the most quoted (Zipf rank order)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[SynthSpeaker] = []
    while len(out) < n:
        if rng.random() < 0.74:
            name, kind = f"{rng.choice(_FIRST)} {_surname(rng)}", "PERSON"
        else:
            name, kind = f"{_surname(rng)} {rng.choice(_ORG_HEADS)}", "ORG"
        if name not in seen:
            seen.add(name)
            out.append(SynthSpeaker(name, kind))
    return out


def load_vocabulary(path: str | None, size: int = 20000) -> list[str]:
    """The `size` commonest lowercase words of a JSONL corpus (most frequent first), or a small fallback."""
    if not path:
        return list(_FALLBACK_VOCAB)
    import json
    from collections import Counter

    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text", "")
            counts.update(w for w in text.lower().split() if w.isalpha() and len(w) > 2)
    return [w for w, _ in counts.most_common(size)] or list(_FALLBACK_VOCAB)


class Generator:
    """Streams synthetic `PreparedArticle`s; article k is the same whatever the run's size."""

    def __init__(self, total_claims: int, vocabulary: list[str], seed: int = 7) -> None:
        self.total_claims = total_claims
        self.vocab = vocabulary
        # One speaker per ~12 claims, at least a few hundred: enough for realistic opponents lists.
        self.speakers = make_speakers(max(300, total_claims // 12), seed)
        self.seed = seed
        # Cumulative weights once: random.choices would otherwise re-sum them on every call.
        self._speaker_cum = list(accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(self.speakers))))
        self._vocab_cum = list(accumulate(1.0 / (r + 1) for r in range(len(self.vocab))))

    @property
    def n_articles(self) -> int:
        return (self.total_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE

    def articles(self, start: int = 0, stop: int | None = None) -> Iterator[PreparedArticle]:
        for k in range(start, self.n_articles if stop is None else min(stop, self.n_articles)):
            yield self.article(k)

    def _claim_text(self, rng: random.Random) -> str:
        words = rng.choices(self.vocab, cum_weights=self._vocab_cum, k=rng.randint(8, 18))
        return " ".join(words)

    def article(self, k: int) -> PreparedArticle:
        rng = random.Random(self.seed * 1_000_003 + k)
        n = min(CLAIMS_PER_ARTICLE, self.total_claims - k * CLAIMS_PER_ARTICLE)
        who = rng.choices(range(len(self.speakers)), cum_weights=self._speaker_cum, k=n)
        parts: list[str] = [f"Synthetic report {k}.\n\n"]
        pos = len(parts[0])
        attributions: list[Attribution] = []
        speakers: dict[str, Speaker] = {}
        sentences: list[tuple[int, int]] = []
        dispute_at = rng.randrange(1, n) if n > 1 and rng.random() < 0.3 else -1
        for i in range(n):
            if rng.random() < 0.05 and k > 0:
                # Repetition: the same statement as in an earlier article (same Claim node).
                earlier = random.Random(self.seed * 1_000_003 + rng.randrange(k))
                claim = self._claim_text(earlier)
            else:
                claim = self._claim_text(rng)
            generic = rng.random() < 0.05
            if generic:
                name, kind = rng.choice(_GENERIC), "GENERIC"
            else:
                sp = self.speakers[who[i]]
                name, kind = sp.name, sp.kind
            cue = "denied that" if i == dispute_at else "said that"
            sentence = f"{name} {cue} {claim}. "
            s0 = pos
            src = (s0, s0 + len(name))
            cue_span = (src[1] + 1, src[1] + 1 + len(cue))
            content = (cue_span[1] + 1, cue_span[1] + 1 + len(claim))
            attributions.append(
                Attribution(
                    source=[src],
                    cue=[cue_span],
                    content=[content],
                    quote_type="indirect",
                    confidence=0.9,
                    speaker=name,
                    speaker_kind=kind,  # type: ignore[arg-type]
                    sentence=i,
                )
            )
            speakers.setdefault(name, Speaker(name=name, kind=kind))  # type: ignore[arg-type]
            sentences.append((s0, s0 + len(sentence) - 1))
            parts.append(sentence)
            pos += len(sentence)
        disputes = []
        if dispute_at > 0:
            target = rng.randrange(dispute_at)
            if attributions[target].speaker != attributions[dispute_at].speaker:
                disputes.append(
                    Dispute(i=dispute_at, j=target, confidence=0.8, method="synthetic", cue="denied")
                )
        text = "".join(parts)
        article = ArticleIn(
            id=f"synth-{k}",
            text=text,
            title=f"Synthetic report {k}",
            source=f"outlet-{k % 17}",
            published_at=f"2026-{1 + k % 12:02d}-{1 + k % 28:02d}",
        )
        extraction = Extraction(
            text=text,
            attributions=attributions,
            speakers=list(speakers.values()),
            disputes=disputes,
            sentences=sentences,
        )
        return PreparedArticle(article=article, content_hash=content_hash(article), extraction=extraction)
