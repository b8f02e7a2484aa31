"""Cross-article speaker merging, used at graph-load time: is Speaker `a` the same entity as `b`?

Pure functions over `Speaker` records (name, kind, aliases, role, affiliation); no graph access.
The graph layer looks candidates up by `speaker_match_key` (an indexed property) and merges when
`same_person(a, b) >= MERGE_THRESHOLD`.

Scores and why (PERSON):
- 1.0  same canonical name once folded (case, accents, dots, titles, middle initials, suffixes
       'Jr.' kept apart only when both sides carry one): the in-article resolver already writes
       every person the same way in every article, so this is the common case.
- 0.95 same surname, first names of one class: nickname or transliteration
       ('Sergei'/'Sergey', 'Chuck'/'Charles', 'Mike'/'Michael').
- 0.9  one side is a bare surname (or a name listed among the other's aliases) that the domain
       table or the other side's aliases resolve to the other ('Lavrov' -> 'Sergey Lavrov').
- 0.8  a bare surname with agreeing role or affiliation ('Mr. Smith', spokesman, State Department
       vs 'John Smith', State Department spokesman); first name vs matching initial ('J. Smith').
- 0.5  a bare surname with no evidence either way: below the threshold, so two different
       'Mr. Smith's stay apart until something links them.
- 0.3  a bare surname whose affiliation conflicts with the other's.
- 0.0  different surnames, or the same surname with different first names ('Bill Clinton' vs
       'Hillary Clinton'), or different kinds.
ORG / DOCUMENT: 1.0 for the same folded name, alias or acronym ('FBI' / 'Federal Bureau of
Investigation' via the domain alias table), else 0.0. GENERIC speakers ('officials') never merge
across articles: the same words name different groups.

MERGE_THRESHOLD = 0.75 sits between the evidence-backed short-form matches (>= 0.8) and the
unsupported ones (0.5): a false merge (two people fused, their claims mixed) costs more in a
claim graph than a missed one (one person split in two nodes, still found by name search).
"""

from __future__ import annotations

import re

from app.nlp import names
from app.nlp.models import Speaker

MERGE_THRESHOLD = 0.75
SAME_PERSON_THRESHOLD = MERGE_THRESHOLD  # the name app.services.ingest imports


def translit(word: str) -> str:
    """Loose transliteration key for one folded name word: 'sergey' and 'sergei' -> 'sergei'."""
    w = names.fold(word).replace("'", "").replace("-", "")
    w = re.sub(r"(ey|iy|yi)$", "ei", w)
    w = w.replace("kh", "h").replace("ph", "f").replace("yev", "ev").replace("ou", "u")
    w = re.sub(r"(.)\1+", r"\1", w)
    return w


def _parts(name: str) -> tuple[list[str], str | None]:
    """Folded name words without titles/initials, and the generational suffix if any."""
    words = [w for w in names.key_words(names.person_name(name.split())) if w not in names.TITLE_WORDS]
    # 'Russian Foreign Minister Sergey Lavrov': the name starts at its first name.
    for i, w in enumerate(words[:-1]):
        if i > 0 and names.gender_of_first(w) is not None:
            words = words[i:]
            break
    suffix = None
    if len(words) > 1 and words[-1] in names.SUFFIXES:
        suffix = words.pop()
    return words, suffix


def _translit_words(name: str) -> list[str]:
    return [translit(w) for w in _parts(name)[0]]


def _first_compatible(a: str, b: str) -> bool:
    if a == b or translit(a) == translit(b):
        return True
    return names.first_name_class(a) == names.first_name_class(b) or names.first_name_class(
        translit(a)
    ) == names.first_name_class(translit(b))


def _words(text: str | None) -> set[str]:
    stop = {"the", "of", "for", "and", "us", "u", "s"}
    return {w for w in names.key_words(text or "") if w not in stop}


def _org_key(name: str) -> str:
    canon = names.canonical_org(name) or name
    words = [w for w in names.key_words(canon) if w != "the"]
    return " ".join(words)


def speaker_match_key(speaker: Speaker) -> str:
    """Blocking key for candidate lookup: 'PERSON:lavrov', 'ORG:fbi'. Candidates share a key."""
    if speaker.kind == "PERSON":
        words, _ = _parts(speaker.name)
        return f"PERSON:{translit(words[-1]) if words else ''}"
    if speaker.kind == "GENERIC":
        return f"GENERIC:{names.fold(speaker.name)}"
    return f"{speaker.kind}:{_org_key(speaker.name)}"


def _person_score(a: Speaker, b: Speaker) -> float:
    wa, sa = _parts(a.name)
    wb, sb = _parts(b.name)
    if not wa or not wb:
        return 0.0
    if translit(wa[-1]) != translit(wb[-1]):
        # Not the same surname; an alias may still tie them ('Bill' listed on 'Bill Clinton').
        alias_hit = names.fold(a.name) in {names.fold(x) for x in b.aliases} or names.fold(b.name) in {
            names.fold(x) for x in a.aliases
        }
        return 0.9 if alias_hit else 0.0
    if sa != sb:
        return 0.0 if sa and sb else 0.3  # 'Donald Trump Jr.' is not his father
    if len(wa) >= 2 and len(wb) >= 2:
        if [translit(w) for w in wa] == [translit(w) for w in wb] and sa == sb:
            return 1.0
        fa, fb = wa[0], wb[0]
        if len(fa) == 1 or len(fb) == 1:
            return 0.8 if fa[0] == fb[0] else 0.0
        return 0.95 if _first_compatible(fa, fb) else 0.0
    # At least one side is a bare surname: the other's aliases, the domain default, then role/affiliation.
    short, full = (a, b) if len(wa) == 1 else (b, a)
    default = names.default_for_short(short.name)
    if len(_parts(full.name)[0]) >= 2:
        if names.fold(short.name) in {names.fold(x) for x in full.aliases}:
            return 0.9
        if default and _translit_words(default) == _translit_words(full.name):
            return 0.9
    elif default:
        return 0.9  # both bare, and the domain knows who the bare surname means
    aff_a, aff_b = _words(short.affiliation), _words(full.affiliation)
    if aff_a and aff_b:
        return 0.8 if aff_a & aff_b else 0.3
    ra, rb = _words(short.role), _words(full.role)
    if ra and rb and ra & rb:
        return 0.8
    return 0.5


def same_person(a: Speaker, b: Speaker) -> float:
    """Likelihood in [0, 1] that two speakers (from different articles) are one entity; see module doc."""
    if a.kind != b.kind:
        return 0.0
    if a.kind == "GENERIC":
        return 0.0
    if a.kind == "PERSON":
        return _person_score(a, b)
    ka, kb = _org_key(a.name), _org_key(b.name)
    if ka == kb:
        return 1.0
    aliases_a = {_org_key(x) for x in [a.name, *a.aliases]}
    aliases_b = {_org_key(x) for x in [b.name, *b.aliases]}
    if aliases_a & aliases_b:
        return 0.9
    for x, y in ((a.name, b.name), (b.name, a.name)):
        acr = "".join(w[0] for w in names.key_words(y) if w not in ("of", "for", "the", "and"))
        if len(acr) >= 3 and names.fold(x).replace(".", "").replace(" ", "") == acr:
            return 0.9
    return 0.0


def is_same(a: Speaker, b: Speaker) -> bool:
    return same_person(a, b) >= MERGE_THRESHOLD
