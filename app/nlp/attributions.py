"""Attribution rules over the dependency parse: cue words, their content and their source.

An attribution is kept inside the pipeline as a plain dict (so Docs stay picklable across
`nlp.pipe(n_process=...)`): `{"source": [[s, e]], "cue": [[s, e]], "content": [[s, e], ...],
"quote_type": str, "confidence": float, "sentence": int}` with character offsets into
`doc.text`.

The rules use a cue lexicon learned from PolNeAR train (scripts/train_cues.py): which word
lemmas act as attribution cues, how often, and through which dependency their content hangs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

WEIGHTS = Path(__file__).resolve().parent / "weights"
AttrDict = dict[str, Any]

# Verbs whose content is "object + to-infinitive": "called on Russia to help ...".
OBJECT_CONTROL = {
    "call",
    "urge",
    "ask",
    "encourage",
    "invite",
    "press",
    "push",
    "tell",
    "warn",
    "order",
    "want",
}
# Content-introducing clause dependencies, most to least typical.
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "attr", "oprd")
MARKS = {"that", "whether", "if"}
QUOTE_CHARS = '"“”‘’«»„'
OPEN_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Hand-picked cues that must work even if the learned lexicon misses them (the list).
CORE_VERBS = {
    "say",
    "tell",
    "add",
    "state",
    "claim",
    "insist",
    "warn",
    "deny",
    "reject",
    "reply",
    "accuse",
    "report",
    "argue",
    "acknowledge",
    "announce",
    "explain",
    "note",
    "write",
    "suggest",
    "believe",
    "think",
    "declare",
    "respond",
    "assert",
    "contend",
    "maintain",
    "allege",
    "admit",
    "confirm",
    "predict",
    "stress",
    "emphasize",
    "testify",
    "tweet",
    "conclude",
    "estimate",
    "promise",
    "vow",
    "pledge",
    "urge",
    "call",
    "show",
    "find",
    "reveal",
    "indicate",
    "fear",
    "hope",
    "recall",
    "observe",
    "concede",
    "complain",
    "charge",
    "counter",
}


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(WEIGHTS / "cue_lexicon.json")) -> dict[str, dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(p.read_text())
    return data


def cue_prob(tok: Token, lexicon: dict[str, dict[str, Any]]) -> float:
    """How likely this word is an attribution cue, from the learned lexicon (core verbs at least 0.5)."""
    entry = lexicon.get(f"{tok.lemma_.lower()}/{tok.pos_}")
    p = float(entry["p"]) if entry else 0.0
    if tok.pos_ == "VERB" and tok.lemma_.lower() in CORE_VERBS:
        p = max(p, 0.5)
    return p


def _edge_trim(tokens: list[Token]) -> list[Token]:
    """Drop punctuation/space at both edges (quote marks stay). A leading complementizer stays too:
    PolNeAR's contents start with "that" (2,371 train contents) far more often than after it (30)."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        if tokens[0].text in QUOTE_CHARS and len(tokens) > 1:
            break
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in QUOTE_CHARS:
        tokens = tokens[:-1]
    return tokens


def token_spans(tokens: Iterable[Token]) -> list[list[int]]:
    """Character spans of contiguous runs of tokens (runs broken only by gaps of skipped tokens)."""
    toks = sorted(set(tokens), key=lambda t: t.i)
    spans: list[list[int]] = []
    prev: Token | None = None
    for t in toks:
        if t.is_space:
            continue
        if prev is not None and all(x.is_space for x in t.doc[prev.i + 1 : t.i]):
            spans[-1][1] = t.idx + len(t.text)
        else:
            spans.append([t.idx, t.idx + len(t.text)])
        prev = t
    return spans


def subtree(tok: Token, exclude: Iterable[Token] = ()) -> list[Token]:
    skip = {t.i for x in exclude for t in x.subtree}
    return [t for t in tok.subtree if t.i not in skip]


def contiguous(tokens: list[Token]) -> list[Token]:
    if not tokens:
        return tokens
    doc = tokens[0].doc
    return list(doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1])


def find_source(verb: Token) -> list[Token]:
    """Subject of the cue verb; through conjunction, xcomp and relative clauses when it has none."""
    seen = 0
    v: Token | None = verb
    while v is not None and seen < 4:
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                return _edge_trim(list(c.subtree))
            if c.dep_ == "nsubjpass":
                agent = [a for a in v.children if a.dep_ == "agent"]
                if agent:
                    objs = [o for o in agent[0].children if o.dep_ == "pobj"]
                    if objs:
                        return _edge_trim(list(objs[0].subtree))
                return []
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head != v:
            v = v.head
        elif v.dep_ in ("relcl", "acl") and v.head != v:
            return [v.head]
        else:
            v = None
        seen += 1
    return []


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token index -> sentence number."""
    out: dict[int, int] = {}
    for n, s in enumerate(doc.sents):
        for t in s:
            out[t.i] = n
    return out


def span_text(doc: Doc, start: int, end: int) -> str:
    """`doc.text[start:end]` from the tokens it covers: `Doc.text` joins every token of the
    article on each access, which per attribution was ~5% of extraction's CPU."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        chunk = "".join(t.text_with_ws for t in span)
        if span.start_char <= start and end - span.start_char <= len(chunk):
            return chunk[start - span.start_char : end - span.start_char]
    return doc.text[start:end]


def _quote_type(doc: Doc, content: list[list[int]], according: bool) -> str:
    if according:
        return "according_to"
    text = "".join(span_text(doc, s, e) for s, e in content).strip()
    if not text:
        return "indirect"
    inner = sum(1 for ch in text if ch in QUOTE_CHARS)
    if text[0] in QUOTE_CHARS and text[-1] in QUOTE_CHARS and inner == 2:
        return "direct"
    if inner:
        return "mixed"
    return "indirect"


def _attr(
    doc: Doc,
    sent_of: dict[int, int],
    source: list[Token],
    cue: list[Token],
    content: list[Token],
    conf: float,
    according: bool = False,
    content_spans: list[list[int]] | None = None,
) -> AttrDict | None:
    spans = content_spans if content_spans is not None else token_spans(content)
    if not spans:
        return None
    return {
        "source": token_spans(source),
        "cue": token_spans(cue),
        "content": spans,
        "quote_type": _quote_type(doc, spans, according),
        "confidence": round(conf, 4),
        "sentence": sent_of.get(cue[0].i, 0) if cue else sent_of.get(content[0].i, 0) if content else 0,
    }


def verb_content(verb: Token, lexicon: dict[str, dict[str, Any]]) -> list[Token]:
    """The content of a cue verb: its clausal complement, else object(+infinitive), else its host clause."""
    kids = list(verb.children)
    lemma = verb.lemma_.lower()
    for dep in CLAUSE_DEPS:
        for c in kids:
            if c.dep_ == dep:
                toks = _edge_trim(subtree(c))
                if dep == "xcomp" and lemma in OBJECT_CONTROL:
                    obj = [o for o in kids if o.dep_ in ("dobj", "pobj") and o.i < c.i]
                    preps = [p for p in kids if p.dep_ == "prep" and p.i < c.i]
                    for p in preps:
                        obj += [o for o in p.children if o.dep_ == "pobj"]
                    if obj:
                        toks = _edge_trim(contiguous(subtree(obj[0]) + toks))
                if toks:
                    return toks
    # "called on Russia to help": prep + pobj, then the infinitive hanging off the pobj or the verb.
    for p in kids:
        if p.dep_ == "prep" and p.lower_ in ("on", "for") and lemma in OBJECT_CONTROL and p.i == verb.i + 1:
            toks = _edge_trim(subtree(p))[1:]
            if toks:
                return toks
    entry = lexicon.get(f"{lemma}/{verb.pos_}")
    deps = entry.get("deps", {}) if entry else {}
    if deps.get("dobj", 0) >= max(deps.get("ccomp", 0), 1) or lemma in {
        "deny",
        "reject",
        "accuse",
        "criticize",
    }:
        for c in kids:
            if c.dep_ in OBJECT_DEPS:
                toks = _edge_trim(subtree(c))
                if toks:
                    return toks
    # "..., he said." when parsed as parataxis/advcl of the reported clause.
    if verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.i != verb.i and verb.i > verb.head.i:
        host = verb.head
        toks = [t for t in host.subtree if t.i < verb.i and t not in set(verb.subtree)]
        toks = _edge_trim(toks)
        if toks:
            return toks
    return []


# A quotation signed with a dash at the end of its line: '“He represents our greatest shame.” ― Sonya
# Herridge'. The dash is the cue, the name the source, the quotation the content. (Embedded tweets end
# "— Name (@handle) date" too, but PolNeAR annotates few of them: 3 of 16 on 150 train articles.)
# The match starts at the dash and the space runs are possessive: a leading or doubled `[ ]*` made a
# search over a long run of spaces quadratic (40,000 spaces took 12 s, holding the GIL).
_SIGNATURE = re.compile(
    r"(?P<dash>[\u2014\u2015])[ \t\u00a0]*+"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})[ \u00a0]*+\.?[ \u00a0]*+$",
    re.M,
)
_QUOTE_MARKS = '"“”'
SIGNED_MIN_WORDS = 3


def _char_attr(
    doc: Doc,
    sent_of: dict[int, int],
    source: list[int],
    cue: list[int],
    content: list[list[int]],
    conf: float,
) -> AttrDict:
    """An attribution from character spans: the line rules below cut text, not tokens (the tokenizer
    often glues a dash to the closing quote, "”―")."""
    first = _tokens_in(doc, content[0][0], content[0][1])
    return {
        "source": [source],
        "cue": [cue],
        "content": content,
        "quote_type": _quote_type(doc, content, False),
        "confidence": round(conf, 4),
        "sentence": sent_of.get(first[0].i, 0) if first else 0,
    }


def signed_quotes(doc: Doc, sent_of: dict[int, int]) -> list[AttrDict]:
    """Attributions of quotations signed with a dash, one per line."""
    text = doc.text
    out = []
    for m in _SIGNATURE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        body = text[line_start : m.start()]
        cs = line_start + len(body) - len(body.lstrip())
        body = body.strip()
        quoted = body[:1] in _QUOTE_MARKS and body[-1:] in _QUOTE_MARKS
        if not quoted or len(body.split()) < SIGNED_MIN_WORDS:
            continue
        name = m.group("name").rstrip(".")  # "― Carla Sanchez." ends the sentence, not the name
        source = [m.start("name"), m.start("name") + len(name)]
        out.append(
            _char_attr(doc, sent_of, source, [m.start("dash"), m.end("dash")], [[cs, cs + len(body)]], 0.9)
        )
    return out


# A transcript line: 'PENCE: Gennifer Flowers will not be attending the debate ...'. The capitalised
# label is the source, the colon the cue, the rest of the line the content. Editorial labels in the
# same form are not speakers.
_SPEAKER_LABEL = re.compile(
    r"^[\"“]?(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t\u00a0]+(?P<said>\S[^\n]*)$", re.M
)
_EDITORIAL_LABELS = frozenset(
    {
        "CORRECTION",
        "CLARIFICATION",
        "UPDATE",
        "UPDATED",
        "EMAIL",
        "VIDEO",
        "WATCH",
        "PHOTO",
        "PHOTOS",
        "BYLINE",
        "EXCLUSIVE",
        "BREAKING",
        "NOTE",
        "EDITOR'S NOTE",
        "EDITOR’S NOTE",
        "SOURCE",
        "SOURCES",
        "READ",
        "READ MORE",
        "RELATED",
        "LISTEN",
        "AUDIO",
        "CREDIT",
        "DISCLOSURE",
        "ADVERTISEMENT",
    }
)


# A turn runs on over unlabelled paragraphs up to the next turn (on train and dev 2 of 24 turns do),
# but not past a stage direction ("(END VIDEO CLIP.)", "….") or after the last turn (narrative again).
MAX_TURN_PARAGRAPHS = 3


def transcript_lines(doc: Doc, sent_of: dict[int, int]) -> list[AttrDict]:
    """Attributions of transcript turns ('WALLACE: Will Gennifer Flowers be there?'), not in the headline."""
    text = doc.text
    turns = [m for m in _SPEAKER_LABEL.finditer(text) if m.start() > 0]
    out = []
    places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    for k, m in enumerate(turns):
        if m.group("name") in _EDITORIAL_LABELS:
            continue
        if any(s <= m.start("name") < e for s, e in places):
            continue  # a dateline ("WASHINGTON: The Senate voted ..."), not a speaker
        spans = [[m.start("said"), m.end("said")]]
        if k + 1 < len(turns):
            pos = m.end()
            for line in text[m.end() : turns[k + 1].start()].split("\n"):
                start, pos = pos, pos + len(line) + 1
                body = line.strip().lstrip('"“')  # each paragraph of a quoted transcript opens a quote
                if not body:
                    continue
                if (
                    body.startswith("(")
                    or not any(c.isalpha() for c in body)
                    or len(spans) > MAX_TURN_PARAGRAPHS
                ):
                    break
                lead = start + len(line.rstrip()) - len(body)
                spans.append([lead, lead + len(body)])
        colon = [m.end("name"), m.end("name") + 1]
        out.append(_char_attr(doc, sent_of, [m.start("name"), m.end("name")], colon, spans, 0.9))
    return out


def according_to(doc: Doc, sent_of: dict[int, int]) -> list[AttrDict]:
    out = []
    for t in doc:
        if t.lower_ != "according":
            continue
        to = [c for c in t.children if c.lower_ == "to"]
        if not to and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            to = [doc[t.i + 1]]
        if not to:
            continue
        pobj = [c for c in to[0].children if c.dep_ == "pobj"]
        source = _edge_trim(list(pobj[0].subtree)) if pobj else []
        host = t.head if t.head.i != t.i else t
        sent = t.sent
        skip = {x.i for x in t.subtree} | {x.i for x in to[0].subtree}
        content = [
            x
            for x in (host.subtree if host != t else sent)
            if x.i not in skip and sent.start <= x.i < sent.end
        ]
        content = _edge_trim(content)
        a = _attr(doc, sent_of, source, [t, to[0]], content, 0.8, according=True)
        if a:
            out.append(a)
    return out


def _quotes(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of quoted passages (marks included), curly and straight."""
    text = doc.text
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^“”]{2,}?”", text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]{2,}?"', text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r"''[^\n]{2,}?''", text)]
    return sorted(spans)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    sp = doc.char_span(start, end, alignment_mode="expand")
    return list(sp) if sp is not None else []


def rule_attributions(
    doc: Doc, lexicon: dict[str, dict[str, Any]], threshold: float = 0.25, nouns_only: bool = False
) -> list[AttrDict]:
    """All attributions the parse rules find in `doc` (only noun cues with a that-clause if nouns_only)."""
    sent_of = sentence_index(doc)
    out: list[AttrDict] = []
    used_cues: set[int] = set()
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN") or tok.i in used_cues:
            continue
        if nouns_only and tok.pos_ != "NOUN":
            continue
        p = cue_prob(tok, lexicon)
        if p < threshold:
            continue
        if tok.pos_ == "NOUN":
            clause = [
                c
                for c in tok.children
                if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)
            ]
            if not clause:
                continue
            content = _edge_trim(subtree(clause[0]))
            source = [c for c in tok.children if c.dep_ == "poss"]
            a = _attr(doc, sent_of, _edge_trim(list(source[0].subtree)) if source else [], [tok], content, p)
        else:
            content = verb_content(tok, lexicon)
            if not content:
                continue
            cue = [tok, *[c for c in tok.children if c.dep_ in ("aux", "neg", "prt") and c.i < tok.i + 2]]
            if tok.lemma_.lower() in OBJECT_CONTROL and any(
                c.dep_ == "prep" and c.lower_ in ("on", "for") and c.i == tok.i + 1 for c in tok.children
            ):
                cue.append(doc[tok.i + 1])
            a = _attr(doc, sent_of, find_source(tok), sorted(cue, key=lambda t: t.i), content, p)
        if a:
            used_cues.add(tok.i)
            out.append(a)
    if nouns_only:
        return out
    out.extend(according_to(doc, sent_of))
    return _attach_quotes(doc, out, lexicon, sent_of)


def _overlap(a: list[list[int]], b: list[list[int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _attach_quotes(
    doc: Doc, attrs: list[AttrDict], lexicon: dict[str, dict[str, Any]], sent_of: dict[int, int]
) -> list[AttrDict]:
    """Quoted passages: widen an attribution whose content sits in the quote; split quotes join."""
    quotes = _quotes(doc)
    for qs, qe in quotes:
        qlen = qe - qs
        best = None
        for a in attrs:
            ov = _overlap(a["content"], [[qs, qe]])
            if ov and (best is None or ov > best[0]):
                best = (ov, a)
        if best is not None:
            a = best[1]
            cs = min(s for s, _ in a["content"])
            ce = max(e for _, e in a["content"])
            if best[0] >= 0.5 * min(qlen, ce - cs) and not _overlap(a["cue"], [[qs, qe]]):
                # The content is the quote: take its exact extent (marks included, as PolNeAR does).
                a["content"] = _merge([[s, e] for s, e in a["content"] if e <= qs or s >= qe] + [[qs, qe]])
                a["content"] = [sp for sp in a["content"] if not _overlap([sp], a["cue"] + a["source"])] or [
                    [qs, qe]
                ]
                a["quote_type"] = (
                    "direct"
                    if len(a["content"]) >= 1 and all(doc.text[s] in QUOTE_CHARS for s, _ in a["content"])
                    else "mixed"
                )
            continue
        # An unattached quote: the nearest cue verb just after it (same sentence or next), else before.
        qtoks = _tokens_in(doc, qs, qe)
        if not qtoks:
            continue
        cue = _nearest_cue(doc, qtoks, lexicon)
        if cue is None:
            continue
        twin = next((a for a in attrs if a["cue"] and a["cue"][0][0] == cue.idx), None)
        if twin is not None and _quote_near(doc, twin, qs):
            twin["content"] = _merge([*twin["content"], [qs, qe]])
            twin["quote_type"] = "direct"
            continue
        new = _attr(
            doc, sent_of, find_source(cue), [cue], qtoks, cue_prob(cue, lexicon), content_spans=[[qs, qe]]
        )
        if new:
            new["quote_type"] = "direct"
            attrs.append(new)
    return attrs


def _quote_near(doc: Doc, a: AttrDict, qs: int) -> bool:
    """A split quote's second half follows its cue within the same sentence or the next one."""
    ce = max(e for _, e in a["content"])
    return 0 <= qs - ce < 200 and all(doc.text[s] in QUOTE_CHARS for s, _ in a["content"])


def _merge(spans: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def _nearest_cue(doc: Doc, qtoks: list[Token], lexicon: dict[str, dict[str, Any]]) -> Token | None:
    first, last = qtoks[0], qtoks[-1]
    sent_start = first.sent.start
    after_end = min(len(doc), last.i + 12)
    for t in doc[last.i + 1 : after_end]:
        if t.text in QUOTE_CHARS and t.i > last.i + 1:
            break
        if t.pos_ == "VERB" and cue_prob(t, lexicon) >= 0.25:
            return t
    for t in reversed(doc[max(sent_start, first.i - 15) : first.i]):
        if t.pos_ == "VERB" and cue_prob(t, lexicon) >= 0.25 and t.text not in QUOTE_CHARS:
            return t
    return None


def span_tokens(doc: Doc, spans: list[list[int]]) -> list[Token]:
    out: list[Token] = []
    for s, e in spans:
        sp: Span | None = doc.char_span(s, e, alignment_mode="expand")
        if sp is not None:
            out.extend(sp)
    return out
