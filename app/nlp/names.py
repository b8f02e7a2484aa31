"""Name structure helpers shared by in-article speaker resolution and cross-article matching.

Everything here is pure string work: no spaCy, no graph. The domain table
(`data/speaker_canon.json`) holds general knowledge about the 2016 US election
news domain — which "Clinton" a bare surname means, the usual full form of a
name, organisation aliases — so the same person comes out under one name in
every article.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


DATA_DIR = Path(__file__).resolve().parent / "data"

# Words that precede or wrap a name but are not part of it: honorifics, ranks, offices.
# Kept as role text by the resolver, never as the name.
TITLE_WORDS = word_set(
    """
    mr mrs ms miss mx dr sen senator rep representative gov governor gen general lt lieutenant col
    colonel maj capt captain cmdr commander adm admiral sgt sergeant cpl pvt president vice
    secretary minister former sir prof professor spokesman spokeswoman spokesperson chairman
    chairwoman ceo judge rev reverend pastor mayor ambassador speaker leader commissioner director
    chief deputy assistant attorney congressman congresswoman councilman councilwoman councilmember
    prime premier sheriff detective nominee candidate rabbi imam correspondent columnist analyst
    economist hon honorable excellency
    """
)

# Generational suffixes stay on the name ("Donald Trump Jr." is not his father) but are not a surname.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

FEMALE_TITLES = frozenset(
    {
        "mrs",
        "ms",
        "miss",
        "congresswoman",
        "spokeswoman",
        "chairwoman",
        "councilwoman",
        "queen",
        "princess",
        "sister",
        "lady",
        "dame",
        "madam",
        "madame",
    }
)
MALE_TITLES = frozenset(
    {
        "mr",
        "congressman",
        "spokesman",
        "chairman",
        "councilman",
        "king",
        "prince",
        "sir",
        "father",
        "brother",
        "lord",
    }
)

# Common US first names (general knowledge) to give pronouns a gender to agree with.
MALE_NAMES = word_set(
    """
    aaron abdullah abraham abu adam adrian ahmad akhil al alan albert alex alexander alexei alfred
    ali allen andrew andy anthony antonin antonio ari arnold arthur austin barack barry bashar beau
    ben benjamin bernard bernie bill billy bob bobby boris brad bradley brandon brendan brent bret
    brett brian bruce bryan calvin carl carlos chad charles charlie chris christopher chuck clarence
    colin corey cory craig curt dan daniel danny dante darrell dave david dean dennis derek dick
    dmitry don donald doug douglas duncan dwight dylann earl ed eddie edward enrique eric ernest
    evan federico ferdinand fidel frank franklin fred freddy gabriel gary gene geoff george gerald
    glen glenn gonzalo gordon grant greg gregory hamid hank harold harry hassan heath henry herman
    howard hugh humayun ian igor isaac ivan jack jacob jaime jake james jared jason jay jean-marc
    jeb jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel john johnny jon jonathan jorge
    jose joseph josh joshua juan julian justin kareem karl keith ken kenneth kevin khizr kirk kyle
    lamar laquan larry laurence lawrence lee leon leonard lou louis luis lyndon mahmoud marc marco
    marcus mark martin marty marvin matt matthew maurice merrick michael mike mikhail mitch mitchell
    mitt mohamed morton muammar muhammad nate nathan neil newt nicholas nick nikolai norbert norman
    oliver omar orrin oscar pat patrick paul pete peter phil philip prescott rafael rahm ralph rand
    randy ray raymond recep reince rich richard rick rob robby robert rodney roger ron ronald ross
    roy rudolph rudy rupert rush russ russell ryan sam samuel scott sean sergei sergey seth sheldon
    sidney stan stephen steve steven stuart syed tad ted thomas tim timothy todd tom tommy tony
    travis trayvon trey troy viktor vladimir walter wayne will william xavier yuri zach zachary
    """
)
FEMALE_NAMES = word_set(
    """
    abby alice alicia alison amanda amy andrea angela ann anna anne ashley ava barbara beth betsy
    betty brenda carly carol caroline catherine chelsea cheryl christina christine claire
    condoleezza cynthia dana debbie deborah debra dena diana diane dianne donna dorothy elaine
    elizabeth ellen emily emma erica erin eva evelyn frances ghazala gina gloria grace gwen hannah
    heather heidi helen hillary hope huma ivana ivanka jackie jane janet jean jeanne jenna jennifer
    jessica jill joan joanne joni joyce judith judy julia julie karen kate katherine kathleen kathy
    katie kelli kelly kellyanne kelsey kim kimberly kirsten kristen lael laura lauren linda lisa liz
    lolita loretta lori louise luciana lucy lynn madeleine maggie maria marie marilyn marla martha
    mary megan megyn melania melanie melanne melissa michele michelle mika monica nancy natalie
    nicole nikki olivia pam pamela patricia paula peggy phyllis rachel rebecca roberta rosa rose
    ruth sahar sally samantha sandra sandy sara sarah sharon sheila shirley sonia stephanie susan
    suzanne tammy teresa theresa tina tracy valerie vanessa victoria virginia wendy zeynep zoe
    """
)

# Abbreviated titles as role words, so 'Sen. Graham' can later be 'the senator'.
ROLE_ABBREV = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "sec": "secretary",
    "atty": "attorney",
    "pres": "president",
    "adm": "admiral",
    "capt": "captain",
    "sgt": "sergeant",
    "dr": "doctor",
    "prof": "professor",
    "amb": "ambassador",
}


# What else a holder of a title is called later in an article ('Rep. Adam Schiff' ... 'the congressman').
ROLE_SYNONYMS = {
    "representative": ("congressman", "congresswoman", "lawmaker", "member"),
    "congressman": ("representative", "lawmaker"),
    "congresswoman": ("representative", "lawmaker"),
    "senator": ("lawmaker", "member"),
    "governor": ("gov",),
    "chairman": ("chair", "head"),
    "chairwoman": ("chair", "head"),
    "spokesman": ("spokesperson",),
    "spokeswoman": ("spokesperson",),
    "attorney": ("lawyer",),
    "lawyer": ("attorney",),
    "president": ("head", "leader"),
    "director": ("head",),
    "doctor": ("physician",),
    "justice": ("judge",),
    "judge": ("justice",),
    "physician": ("doctor",),
}


@lru_cache(maxsize=1)
def _nickname_classes() -> dict[str, str]:
    """Folded first name -> its class (data/nicknames.json: general knowledge, source in the file)."""
    with open(DATA_DIR / "nicknames.json", encoding="utf-8") as f:
        groups: list[str] = json.load(f)["groups"]
    out: dict[str, str] = {}
    for group in groups:
        for w in group.split():
            out.setdefault(w, group.split()[0])
    return out


def first_name_class(first: str) -> str:
    """Nickname class of a folded first name: 'chuck' -> 'charles', 'sergey' -> 'sergei'."""
    return _nickname_classes().get(first, first)


def role_words(text: str) -> set[str]:
    """Role words of a title text, abbreviations expanded: 'Sen.' -> {'sen', 'senator'}."""
    out: set[str] = set()
    for w in key_words(text):
        out.add(w)
        if w in ROLE_ABBREV:
            out.add(ROLE_ABBREV[w])
        out.update(ROLE_SYNONYMS.get(ROLE_ABBREV.get(w, w), ()))
        if w.endswith("woman") or w.endswith("man"):
            out.add(w)
    return out


_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def unmojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 (once or twice), common in scraped news: 'FranÃ§ois' -> 'François'."""
    text = unicodedata.normalize("NFC", text)
    if "Ã" not in text and "Â" not in text:
        return text

    def fix(word: str) -> str:
        for _ in range(2):
            try:
                word = word.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                break
        return word

    return " ".join(fix(w) if ("Ã" in w or "Â" in w) else w for w in text.split(" "))


def clean_text(text: str) -> str:
    """Collapse whitespace (incl. no-break spaces) and curly apostrophes, strip edge punctuation."""
    text = unmojibake(text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;:.\"'()[]-–—").strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII fold for dictionary keys: 'Sergéi  Lavrov' -> 'sergei lavrov'."""
    text = unicodedata.normalize("NFKD", clean_text(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower()).strip()


def key_words(text: str) -> list[str]:
    """Folded words without dots: 'U.S. Sen. Ted Cruz' -> ['us', 'sen', 'ted', 'cruz']."""
    return list(_key_words(text))


@lru_cache(maxsize=65536)
def _key_words(text: str) -> tuple[str, ...]:
    # cached: resolution compares the same few names many times per article
    return tuple(w.replace("'", "") for w in _WORD.findall(fold(text).replace(".", "")))


def is_title(word: str) -> bool:
    return word.lower().strip(".") in TITLE_WORDS


def is_initial(word: str) -> bool:
    w = word.strip(".")
    return len(w) == 1 and w.isalpha()


def person_name(words: list[str]) -> str:
    """The name part of person-name words: titles, initials and possessives dropped.

    ['Lt.', 'Gen.', 'Sergei', 'V.', 'Solomatin'] -> 'Sergei Solomatin'.
    """
    out: list[str] = []
    for w in words:
        w = unmojibake(w).replace("\u2019", "'").replace("\xa0", " ").strip()
        if w in ("'s", "'", "s") and out:
            continue
        if w.endswith("'s"):
            w = w[:-2]
        w = w.strip(',;:()"')
        if not w or (not out and is_title(w)) or is_initial(w):
            continue
        if not any(c.isalpha() for c in w):
            continue
        out.append(w)
    # Trailing titles ('Palladino spokesman') are roles too.
    while out and is_title(out[-1]) and len(out) > 1:
        out.pop()
    # 'Charlotte Mayor Jennifer Roberts': a title inside means the name starts after it.
    inner = [i for i, w in enumerate(out[:-1]) if is_title(w) and w[:1].isupper()]
    if inner and len(out) - inner[-1] - 1 >= 2:
        out = out[inner[-1] + 1 :]
    if not out:
        # A lone word that looks like a title is a surname here ('Mr. Judge'): keep it.
        last = words[-1].replace("\u2019", "'").strip(',;:()"') if words else ""
        last = last[:-2] if last.endswith("'s") else last
        if any(c.isalpha() for c in last) and last.lower().strip(".") not in (
            "mr",
            "mrs",
            "ms",
            "dr",
            "miss",
        ):
            out = [last]
    return " ".join(out)


@lru_cache(maxsize=65536)
def surname(name: str) -> str:
    """Folded surname key: last word that is not a generational suffix."""
    words = key_words(name)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def first_name(name: str) -> str:
    words = key_words(name)
    return words[0] if words else ""


def gender_of_first(name: str) -> str | None:
    first = first_name(name)
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return None


@lru_cache(maxsize=1)
def canon_table() -> dict[str, Any]:
    """Hand table (speaker_canon.json) over the train-mined gazetteer (speaker_gazetteer.json)."""
    with open(DATA_DIR / "speaker_canon.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    mined_path = DATA_DIR / "speaker_gazetteer.json"
    if mined_path.exists():
        with open(mined_path, encoding="utf-8") as f:
            mined: dict[str, Any] = json.load(f)
        data["surname_default"] = {**mined.get("surname_default", {}), **data["surname_default"]}
        data["dominant_surnames"] = sorted(
            set(mined.get("dominant_surnames", [])) | set(data.get("dominant_surnames", []))
        )
        data["person_variants"] = {**mined.get("full_name_variants", {}), **data["person_variants"]}
    return data


def canonical_person(name: str) -> str:
    """Usual full form of a name: 'Donald J. Trump' -> 'Donald Trump', 'Michael Pence' -> 'Mike Pence'."""
    variants: dict[str, str] = canon_table()["person_variants"]
    words = key_words(name)
    got = variants.get(" ".join(words))
    if got is None and len(words) > 2 and words[-1] in SUFFIXES:
        # 'Joseph R. Biden Jr.': the suffix only matters when the bare form is someone else.
        got = variants.get(" ".join(words[:-1]))
    return got or name


def default_for_short(word: str) -> str | None:
    """Domain default full name for a surname or first name used alone ('Clinton' -> 'Hillary Clinton')."""
    k = " ".join(key_words(word))
    t = canon_table()
    got: str | None = t["surname_default"].get(k) or t["first_name_default"].get(k)
    return got


def canonical_org(text: str) -> str | None:
    """Canonical organisation name for a known alias ('the F.B.I.' -> 'FBI'), else None."""
    aliases: dict[str, str] = canon_table()["org_aliases"]
    k = fold(text)
    if k in aliases:
        return aliases[k]
    k2 = k.replace(".", "")
    if k2 in aliases:
        return aliases[k2]
    if k.startswith("the "):
        return aliases.get(k[4:]) or aliases.get(k2[4:])
    return None


def description(text: str) -> tuple[str, str] | None:
    """Context-free domain description ('the Republican nominee') -> (name, kind)."""
    desc: dict[str, list[str]] = canon_table()["descriptions"]
    k = fold(text)
    got = desc.get(k) or desc.get("the " + k)
    return (got[0], got[1]) if got else None
