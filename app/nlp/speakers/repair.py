"""Source repair: a tagger's source span a few words off, or no source at all.

Before resolution a source span is repaired (`_repair_source`): leading prepositions cut ('by a group
of researchers'); a span that is a predicate or a clause gives way to its subject; of several
phrases ('RT he') the cue verb's subject is kept; a bare title, initial or first name ('Mr.')
widens to the whole name, an organisation's head noun ('Council') to the organisation. A quote
signed '"..." - Name' and a transcript turn 'NAME: ...' name their speaker whatever the tagger
picked inside them; a source with no dependency tie to its finite cue verb yields to the verb's
subject. A source-less attribution takes the subject of its cue verb (or of the verb it is
coordinated with: 'he said ... and added'), else the speaker of an earlier attribution in the same
sentence.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from app.nlp import names
from app.nlp.models import Attribution
from app.nlp.speakers.documents import start_of
from app.nlp.speakers.lexicon import ALL_PRON, ORG_NOUNS, PERSON_ROLE_NOUNS
from app.nlp.speakers.records import Resolved
from app.nlp.speakers.state import ResolverState


class RepairMixin(ResolverState):
    def subject_of_cue(self, a: Attribution) -> list[Token] | None:
        cue = self.tokens_of(a.cue)
        if not cue:
            return None
        verb = self.root_of(cue)
        if verb.pos_ == "NOUN":
            # a noun cue's owner: 'his long-standing ideas about', "Trump's claim that"
            poss = [c for c in verb.children if c.dep_ == "poss"]
            if poss and self._can_speak(poss[0]):
                return self._np_of(poss[0]) if poss[0].lower_ not in ALL_PRON else [poss[0]]
        steps = 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 2:
            # 'is more passionate about', 'extracted an agreement': the clause's verb
            if verb.dep_ not in ("acomp", "attr", "dobj", "prep", "pobj", "oprd"):
                break
            verb = verb.head
            steps += 1
        chain: list[Token] = [verb]
        if verb.dep_ in ("conj", "xcomp", "advcl"):
            head = verb.head
            # 'X said A and added B' is often parsed with 'added' coordinated into A's clause:
            # the subject sought is the earlier reporting verb's.
            chain += [head.head, head] if verb.dep_ == "conj" and head.dep_ in ("ccomp", "xcomp") else [head]
        for v in chain:
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in (
                    "it",
                    "there",
                    "that",
                    "this",
                    "what",
                ):
                    if c.lower_ in ALL_PRON:
                        return [c]
                    if steps and not self._can_speak(c):
                        return None
                    return [t for t in c.subtree if t.i <= c.i or t.dep_ in ("appos", "compound")]
        return None

    def _can_speak(self, tok: Token) -> bool:
        """A named person or organisation, or a pronoun (not 'the migration crisis')."""
        ent = self.ix.ent_of_token.get(tok.i)
        return (
            tok.lower_ in ALL_PRON
            or tok.i in self.ix.person_at
            or (ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"))
        )

    def _continuing_speaker(self, a: Attribution) -> Resolved:
        """A source-less attribution right after another one in the same sentence continues it
        ('..., the F.B.I. said, adding that ...' parsed without a subject)."""
        here = self.sent_of(start_of(a))
        for _spans, res, sent in reversed(self.contents):
            if sent == here and res.name and res.kind in ("PERSON", "ORG", "DOCUMENT"):
                return Resolved(res.name, res.kind)
        return Resolved(None, None)

    _SIGNED = re.compile(r"[\s\u201d\u2019\"'.,]*[\u2015\u2014\u2013-]{1,2}\s*")
    _TURN = re.compile(r"[\s\"\u201c\u201d]*([A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,2}):\s")

    def _labelled_speaker(self, a: Attribution, strict: bool = False) -> Resolved | None:
        if not a.content:
            return None
        cs = min(s for s, _ in a.content)
        ce = max(e for _, e in a.content)
        m = self._SIGNED.match(self.text, ce, min(len(self.text), ce + 12))
        if m and (self.text[ce - 1 : ce] in "\"\u201d'\u2019" or "\u201d" in m.group() or '"' in m.group()):
            start = m.end()
            at = self.doc.char_span(start, start + 1, alignment_mode="expand")
            sp = self.ix.person_at.get(at[0].i) if at is not None and len(at) else None
            if sp is not None:
                return self._person_res(sp, list(sp), [sp])
        return self._turn_speaker(cs, opening=strict)

    def _turn_speaker(self, pos: int, opening: bool = False) -> Resolved | None:
        """The speaker of a transcript turn ('PENCE: Well, look, ...') holding `pos` (opening: `pos`
        is where the turn's words begin)."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        m = self._TURN.match(self.text, line_start, pos + 1)
        if m and m.end() <= pos + 1 and (not opening or pos - m.end() <= 2):
            span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None:
                res = self.resolve_tokens(list(span), names.clean_text(m.group(1)))
                if res.kind == "PERSON" and res.name:
                    return res
                label = m.group(1)
                if label.isupper() and " " not in label and len(label) > 3:
                    # 'WALLACE:' opening a turn is a person, whatever the NER made of the capitals
                    return Resolved(
                        self.resolve_short(label, m.start(1), None), "PERSON", alias=label.title()
                    )
        return None

    def _repair_source(self, toks: list[Token], a: Attribution) -> list[Token]:
        """A tagged source span a few words off: cut to the constituent that can speak, widen a
        title or a piece of a name to the whole name ('Mr.' -> 'Mr. Clarke', 'Council' -> 'The
        Security Council'); a span that opens with a verb ('pooh-poohed the ... community') is the
        predicate, so its subject speaks."""
        toks = sorted({t.i: t for t in toks if not t.is_space}.values(), key=lambda t: t.i)
        # leading prepositions, conjunctions, punctuation ('by a group of researchers', 'and France')
        while len(toks) > 1 and (toks[0].pos_ in ("ADP", "CCONJ", "PUNCT") or toks[0].is_punct):
            toks = toks[1:]
        if not toks:
            return toks
        ids = {t.i for t in toks}
        roots = [t for t in toks if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        verb = toks[0]
        if verb.pos_ in ("VERB", "AUX") and verb in roots and verb.is_lower and len(toks) > 1:
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i:
                    return self._np_of(c)
            if verb.dep_ == "relcl" and verb.head.i < verb.i:
                return self._np_of(verb.head)
        if len(roots) == 1 and roots[0].tag_ in ("VBZ", "VBD", "VBP") and roots[0].i != toks[0].i:
            # 'Trump demands accountability and transparency': a clause; its subject speaks
            subj = [c for c in roots[0].children if c.dep_ in ("nsubj", "nsubjpass") and c.i in ids]
            if subj:
                return self._np_of(subj[0])
        last = toks[-1]
        owner = toks[-2] if last.tag_ == "POS" and len(toks) > 1 else None
        if owner is not None and owner.dep_ == "poss" and owner.head.i not in ids and owner.head.i > owner.i:
            # "Keith Lamont Scott's" cut from "Keith Lamont Scott's wife": the wife speaks
            head = owner.head
            if head.lemma_.lower() in PERSON_ROLE_NOUNS or head.lower_ in ("campaign", "camp", "team"):
                return [t for t in toks if t.i < owner.i] + [t for t in head.subtree if t.i <= head.i]
        if len(roots) > 1:
            # 'RT he', 'the third time AROS': several phrases; the one that is the cue's subject speaks
            cue = self.tokens_of(a.cue)
            cue_verb = self.root_of(cue) if cue else None
            cue_ids = {t.i for t in cue} | ({cue_verb.i} if cue_verb is not None else set())
            subj = [r for r in roots if r.dep_ in ("nsubj", "nsubjpass") and r.head.i in cue_ids]
            before = self.doc[subj[0].i - 1] if subj and subj[0].i > 0 else None
            # ... unless it closes a list ('Obama, others'): the first named one speaks
            if (
                len(subj) == 1
                and before is not None
                and before.text not in (",", ";")
                and before.pos_ != "CCONJ"
            ):
                best = subj[0]
                toks = [t for t in toks if t.i == best.i or best.is_ancestor(t)]
        # widen a title, an initial or a first name to the whole name, an organisation's head noun
        # ('Council') to the organisation's name
        first, last = toks[0], toks[-1]
        widen: list[Span] = []
        if all(names.is_title(t.text) or t.text == "." for t in toks):
            sp = self.ix.person_at.get(last.i + 1)
            if sp is not None and sp.start == last.i + 1:
                widen.append(sp)
        for t in (first, last):
            sp = self.ix.person_at.get(t.i)
            piece = names.is_initial(t.text) or names.is_title(t.text) or names.gender_of_first(t.text)
            if sp is not None and piece and len(sp) <= 4:
                widen.append(sp)
        ent = self.ix.ent_of_token.get(last.i)
        if (
            len(toks) == 1
            and last.lower_ in ORG_NOUNS
            and ent is not None
            and ent.label_ == "ORG"
            and ent.end == last.i + 1
            and len(ent) <= 6
        ):
            widen.append(ent)
        if widen:
            lo = min([first.i, *(w.start for w in widen)])
            hi = max([last.i + 1, *(w.end for w in widen)])
            toks = [t for t in self.doc[lo:hi] if not t.is_space]
        return toks

    def _finite_subject(self, a: Attribution) -> list[Token] | None:
        """The explicit subject of a finite cue verb ('who had talked about'), nothing inferred."""
        cue = self.tokens_of(a.cue)
        if not cue:
            return None
        verb = self.root_of(cue)
        content = {t.i for t in self.tokens_of(a.content)}
        # only when cue and content agree (the content hangs from the verb) and the source is the odd one out
        if not any(t.i in content for t in verb.subtree) or verb.i in content:
            return None
        if verb.tag_ not in ("VBD", "VBZ", "VBP", "MD") and not any(
            c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children
        ):
            return None
        for c in verb.children:
            if c.dep_ == "nsubj" and c.lower_ not in ("it", "there", "that", "this", "what"):
                return self._np_of(c)
        return None

    def _linked(self, toks: list[Token], a: Attribution) -> bool:
        """Is the source attached to the cue: within a few dependency steps of a cue or content token
        (either way round), or on the same line as an 'according to'?"""
        near = {t.i for t in self.tokens_of(a.cue)} | {t.i for t in self.tokens_of(a.content)}
        for t in toks:
            cur = t
            for _ in range(4):
                if cur.i in near:
                    return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
        for c in self.tokens_of(a.cue):
            cur = c
            for _ in range(3):
                if cur.i in {t.i for t in toks}:
                    return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
        return False

    def _np_of(self, tok: Token) -> list[Token]:
        if tok.lower_ in ALL_PRON:
            return [tok]
        return [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("appos", "compound")]

    def _subject_of_content(self, a: Attribution) -> list[Token] | None:
        """No source and no cue: the subject of the verb the content hangs from ('The committee voted
        ... to send ...'), when that subject lies outside the content."""
        content = self.tokens_of(a.content)
        if not content or a.cue:
            return None
        inside = {t.i for t in content}
        root = self.root_of(content)
        for v in (root, root.head):
            if v.pos_ not in ("VERB", "AUX"):
                continue
            for c in v.children:
                if (
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.i not in inside
                    and c.lower_
                    not in (
                        "it",
                        "there",
                        "that",
                        "this",
                        "what",
                    )
                ):
                    return self._np_of(c)
        return None
