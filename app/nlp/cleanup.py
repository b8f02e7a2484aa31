"""Article text in, body text out, with a map back to the caller's offsets.

Plain text: the text is kept as it is and boilerplate regions (datelines,
"Listen Live", "Get short URL", "READ MORE: ..." lines, related-headline blocks,
tag lists) are blanked with spaces, so every offset into the cleaned text is the
same offset into the caller's text and no claim can come out of boilerplate.

HTML: trafilatura finds the main text; each of its words is aligned to the
visible text of the page, so offsets map back into the caller's HTML string.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from app.nlp.models import ArticleIn, Span

log = logging.getLogger(__name__)

# Lines that are page furniture whatever their context.
_FURNITURE = re.compile(
    r"""^\s*(?:
        listen\ live | get\ short\ url | community\ standards.* | discussion | share | tweet | print
        | comments? | subscribe.* | sign\ up.* | advertisement | related(?:\ (?:articles|stories|news))?
        | more\ (?:on|from)\ .{0,60} | follow\ us.* | tags?:.* | topics?:.* | [\d\s]+
        | (?:additional\ )?(?:reporting|writing|editing)\ by\ .*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_READ_MORE = re.compile(r"^\s*(?:READ\ MORE|Read\ more|READ\ ALSO|Read\ also|SEE\ ALSO|See\ also)\b.*$", re.X)
# A time/date line at the top of a scraped page: "05:42 GMT24 June 2021", "Updated 10:00 EST".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^\s*(?:updated:?\s*|published:?\s*)?(?:\d{{1,2}}:\d{{2}}\s*(?:[AP]M)?\s*(?:[A-Z]{{2,4}})?\s*)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:\s*,?\s*\d{{1,2}}:\d{{2}}\s*(?:[AP]M)?\s*(?:[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?:\s*[AP]M)?\s*(?:[A-Z]{2,4})?.{0,20}\d{4}\s*$", re.IGNORECASE)
# A dateline that opens a paragraph: "MOSCOW (Sputnik) – ", "WASHINGTON (AP) — ", or a place alone
# before a long dash: "RIVERTON — ", "RIVERTON, Ohio – ". Without an agency the place is in capitals
# and the dash is an en or em dash (or a spaced "--"), so "US-led" or "Mayor Helena Brandt -" never is.
# Every repetition is bounded: the pattern is matched at the start of each line of the article.
_AGENCY = re.compile(
    r"^([ \t]{0,40})("
    r"[A-Z][A-Z .'-]{1,40}(?:,[ \t]{0,3}[A-Z][A-Za-z. ]{1,30})?[ \t]{0,3}\([^)\n]{1,30}\)[ \t]{0,3}[–—-]{1,2}"
    r"|[A-Z][A-Z.'-]{1,30}(?: [A-Z][A-Z.'-]{1,30}){0,3}"
    r"(?:,[ \t]{0,3}[A-Z][A-Za-z.]{1,20}(?: [A-Z][A-Za-z.]{1,20})?)?"
    r"(?:[ \t]{0,3}[–—]{1,2}| --?)"
    r")[ \t]{0,3}(?=\S)"
)
# Characters that end a sentence (or a quotation, a parenthesis) at the end of a line.
_END_CHARS = frozenset(""".!?:;"”’')]…""")
# An unpunctuated line after the last paragraph is a credit or a link ("Reuters", "Editing by ...")
# when it is this short or headline-like; a longer one is a paragraph that lost its full stop.
TRAILER_MAX_WORDS = 12
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "vs",
}


class NoArticleText(ValueError):
    """Cleanup left no text to analyse: the input was all boilerplate (or HTML with no main text)."""

    def __init__(self) -> None:
        super().__init__("no article text found after cleanup")


@dataclass
class CleanText:
    """The text to analyse and how its offsets map back to the caller's input."""

    original: str
    text: str
    # offsets[i] / ends[i]: where text[i] starts / ends in `original` (an entity like &amp; is
    # one character here, several there); None means identical offsets.
    offsets: list[int] | None = None
    ends: list[int] | None = None
    boilerplate: list[Span] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> Span:
        """Map a [start, end) span of `text` to a span of `original`."""
        if self.offsets is None or start >= end:
            return (start, end)
        ends = self.ends if self.ends is not None else [o + 1 for o in self.offsets]
        return (self.offsets[start], ends[end - 1])


def _ends_sentence(line: str) -> bool:
    """Does the line end in sentence punctuation (trailing spaces aside)? A look at one character,
    where a regular expression ending in `\\s*$` rescans every run of spaces from each mark."""
    return line.rstrip()[-1:] in _END_CHARS


def _title_like(line: str) -> bool:
    """A headline: mostly capitalised words and no sentence-final punctuation."""
    words = _WORD.findall(line)
    if not words or _ends_sentence(line):
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.75


def _tag_list(line: str) -> bool:
    """A keyword list: several short comma-separated items and no sentence punctuation."""
    if _ends_sentence(line) or line.count(",") < 3:
        return False
    items = [i.strip() for i in line.split(",")]
    return all(0 < len(i.split()) <= 5 for i in items)


def _boilerplate_lines(text: str) -> list[Span]:
    """Boilerplate spans, decided line by line on the line's own evidence (known furniture, a
    headline run, short unpunctuated lines around the body). A text of one line is prose: only a
    dateline at its start goes, so a body that does not end in a full stop is never blanked."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body))
        pos += len(raw)
    nonblank = [i for i, (_, _, b) in enumerate(lines) if b.strip()]
    if len(nonblank) <= 1:
        return _datelines(lines, nonblank)
    flags = [False] * len(lines)
    for i, (_, _, body) in enumerate(lines):
        # Whitespace runs collapsed: the patterns below then never backtrack over a run of spaces.
        s = " ".join(body.split())
        if not s:
            continue
        if any(p.match(s) for p in (_FURNITURE, _READ_MORE, _DATELINE, _TIME_ONLY)) or _tag_list(s):
            flags[i] = True
    # Short unpunctuated lines before the first body paragraph are page furniture ("Middle East").
    for i in nonblank:
        s = lines[i][2].strip()
        if flags[i]:
            continue
        if len(s.split()) <= 3 and not _ends_sentence(s):
            flags[i] = True
            continue
        break
    # Runs of two or more headline-like lines are related-story blocks.
    run: list[int] = []
    for i in [*nonblank, -1]:
        if i >= 0 and not flags[i] and _title_like(lines[i][2].strip()):
            run.append(i)
            continue
        if len(run) >= 2:
            for j in run:
                flags[j] = True
        run = []
    # After the last real paragraph, short unpunctuated lines are credits and links.
    last_body = max((i for i in nonblank if not flags[i] and _ends_sentence(lines[i][2])), default=-1)
    for i in nonblank:
        s = lines[i][2]
        if (
            i > last_body
            and not _ends_sentence(s)
            and (len(s.split()) <= TRAILER_MAX_WORDS or _title_like(s))
        ):
            flags[i] = True
    spans = [(ls, le) for i, (ls, le, _) in enumerate(lines) if flags[i]]
    spans += _datelines(lines, [i for i in nonblank if not flags[i]])
    return sorted(spans)


def _datelines(lines: list[tuple[int, int, str]], kept: list[int]) -> list[Span]:
    """The dateline that opens each kept line ("WASHINGTON (Reuters) - "), without its indent."""
    spans: list[Span] = []
    for i in kept:
        ls, _, body = lines[i]
        m = _AGENCY.match(body)
        if m:
            spans.append((ls + len(m.group(1)), ls + m.end()))
    return spans


def blank(text: str, spans: list[Span]) -> str:
    """Replace the spans' characters (newlines kept) by spaces: same length, same offsets."""
    chars = list(text)
    for s, e in spans:
        for k in range(s, e):
            if chars[k] not in "\r\n":
                chars[k] = " "
    return "".join(chars)


def clean_text(text: str) -> CleanText:
    """Plain text: blank boilerplate regions in place."""
    spans = _boilerplate_lines(text)
    return CleanText(original=text, text=blank(text, spans), offsets=None, boilerplate=spans)


class _Visible(HTMLParser):
    """Collects the page's visible characters, each with its offset in the HTML source."""

    _SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []
        self._skip = 0
        self._line_starts = [0]
        for m in re.finditer("\n", source):
            self._line_starts.append(m.end())

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        self._space()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        self._space()

    def _space(self) -> None:
        if self.chars and self.chars[-1] != " ":
            self.chars.append(" ")
            self.offsets.append(self._pos())
            self.ends.append(self._pos())

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        start = self._pos()
        for k, ch in enumerate(data):
            self.chars.append(ch)
            self.offsets.append(start + k)
            self.ends.append(start + k + 1)

    def _ref(self, text: str, length: int) -> None:
        if self._skip:
            return
        start = self._pos()
        for ch in text:
            self.chars.append(ch)
            self.offsets.append(start)
            self.ends.append(start + length)

    def handle_entityref(self, name: str) -> None:
        self._ref(html_lib.unescape(f"&{name};"), len(name) + 2)

    def handle_charref(self, name: str) -> None:
        self._ref(html_lib.unescape(f"&#{name};"), len(name) + 3)


def _norm(ch: str) -> str:
    return " " if ch.isspace() else ch


def clean_html(source: str) -> CleanText:
    """HTML: trafilatura's main text, each character mapped back into the HTML source."""
    import trafilatura

    body = (
        trafilatura.extract(source, include_comments=False, include_tables=False, favor_precision=True) or ""
    )
    parser = _Visible(source)
    parser.feed(source)
    parser.close()
    visible = "".join(_norm(c) for c in parser.chars)
    offsets: list[int] = []
    ends: list[int] = []
    cursor = 0
    last = 0
    # Align word by word: trafilatura keeps the page's words in order, so a forward search finds each.
    pieces = re.split(r"(\s+)", body)
    text_parts: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if piece.isspace():
            # trafilatura ends each block with one newline; a blank line makes it a paragraph to spaCy,
            # so a headline never runs into the first sentence.
            if "\n" in piece:
                piece = "\n\n"
            text_parts.append(piece)
            offsets.extend([last] * len(piece))
            ends.extend([last] * len(piece))
            continue
        text_parts.append(piece)
        found = visible.find(piece, cursor)
        if found < 0 or found - cursor > 20000:
            # Not found verbatim (entity or normalisation differences): keep it next to the previous word.
            offsets.extend([last] * len(piece))
            ends.extend([last] * len(piece))
            continue
        offsets.extend(parser.offsets[found + k] for k in range(len(piece)))
        ends.extend(parser.ends[found + k] for k in range(len(piece)))
        cursor = found + len(piece)
        last = ends[-1]
    body = "".join(text_parts)
    inner = clean_text(body)
    cleaned = CleanText(original=source, text=inner.text, offsets=offsets, ends=ends)
    cleaned.boilerplate = [cleaned.to_original(s, e) for s, e in inner.boilerplate]
    return cleaned


def clean(article: ArticleIn | str) -> CleanText:
    """Dispatch on input kind: an `ArticleIn` with `text` or `html`, or a plain string."""
    if isinstance(article, str):
        return clean_text(article)
    if article.text is not None:
        return clean_text(article.text)
    if article.html is not None:
        return clean_html(article.html)
    raise ValueError("article has neither text nor html")


def clean_article(article: ArticleIn | str) -> CleanText:
    """`clean`, refusing an article with nothing left to analyse (NoArticleText): extraction of an
    empty body would report an article loaded with no claims when its text was lost."""
    cleaned = clean(article)
    if not cleaned.text.strip():
        raise NoArticleText()
    return cleaned
