"""Cleanup: boilerplate blanked in place, HTML body mapped back into the caller's HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from app.nlp.cleanup import clean, clean_html, clean_text
from app.nlp.models import ArticleIn

SEED = Path(__file__).resolve().parents[4] / "shared" / "eval" / "data" / "seed.jsonl"


def test_plain_text_keeps_offsets_and_blanks_boilerplate() -> None:
    text = (
        "05:42 GMT24 June 2021\nListen Live\n    Middle East\n    Get short URL\n    0 15\n\n"
        "    MOSCOW (Sputnik) – Militants are still blocking the camp, Solomatin said on Monday.\n\n"
        "    READ MORE: Militants Keep Preventing Refugees From Leaving Rukban Camp — Russian Military\n\n"
        "    He added that 224 refugees had returned home.\n\n"
        "    US State Dept Calls on Russia to Help Deliver Aid to Syrian Rukban Camp\n"
        "    Russia Urges US, Militant Leaders to Stop Holding Refugees in Rukban Camp - MoD\n"
        "    civilians, crisis, militants, evacuation, rukban camp, Syria\n"
    )
    c = clean_text(text)
    assert len(c.text) == len(text)
    assert c.offsets is None
    assert c.to_original(10, 20) == (10, 20)
    kept = [line.strip() for line in c.text.splitlines() if line.strip()]
    assert kept == [
        "Militants are still blocking the camp, Solomatin said on Monday.",
        "He added that 224 refugees had returned home.",
    ]
    blanked = [text[s:e].strip() for s, e in c.boilerplate]
    assert "MOSCOW (Sputnik) –" in blanked
    assert "Listen Live" in blanked
    assert "civilians, crisis, militants, evacuation, rukban camp, Syria" in blanked


def test_ordinary_headline_and_quote_lines_are_kept() -> None:
    text = "Obama on Climate Change: The Trends Are 'Terrifying.'\n\n“I am afraid,” she said.\n"
    assert clean_text(text).text == text


@pytest.mark.skipif(not SEED.exists(), reason="shared eval data not present")
def test_seed_gold_spans_survive_and_boilerplate_goes() -> None:
    rec = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    c = clean(rec["text"])
    for a in rec["attributions"]:
        for s, e in a["source"] + a["cue"] + a["content"]:
            assert c.text[s:e] == rec["text"][s:e]
    assert "READ MORE" not in c.text
    assert "Get short URL" not in c.text
    assert "Smoke Over Rukban" not in c.text


PAGE = """<html><head><title>T</title><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Minister says talks will go on</h1>
<p>The foreign minister said on Monday that both sides were &quot;close&quot; to a deal after long talks.</p>
<p>&ldquo;We are not giving up,&rdquo; she told reporters in Geneva. Officials from the other side declined
to comment on the report, which was first published by a local newspaper on Sunday evening.</p>
<p>According to the ministry, more than 300 delegates attended the meeting, which lasted for nearly eleven
hours and ended without a joint statement.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_body_maps_back_into_the_html() -> None:
    c = clean_html(PAGE)
    assert c.original == PAGE
    assert "Home" not in c.text and "Copyright" not in c.text
    assert "she told reporters in Geneva" in c.text
    unescaped = {"&quot;": '"', "&ldquo;": "“", "&rdquo;": "”"}
    for m in re.finditer(r"\S+", c.text):
        s, e = c.to_original(m.start(), m.end())
        piece = PAGE[s:e]
        for k, v in unescaped.items():
            piece = piece.replace(k, v)
        assert piece == m.group()
    i = c.text.index("Geneva")
    assert c.to_original(i, i + 6) == (PAGE.index("Geneva"), PAGE.index("Geneva") + 6)


def test_article_in_dispatch() -> None:
    assert clean(ArticleIn(text="He said so.")).text == "He said so."
    assert "Geneva" in clean(ArticleIn(html=PAGE)).text
    with pytest.raises(ValueError):
        clean(ArticleIn())


def test_one_line_body_without_a_full_stop_is_prose() -> None:
    # A scraped body joined into one line with a trailing credit used to be blanked whole as a
    # "short unpunctuated line after the last paragraph".
    text = "The minister said on Monday that the talks would go on until a deal was reached Reuters"
    c = clean_text(text)
    assert c.text == text
    assert c.boilerplate == []


def test_long_unpunctuated_last_paragraph_is_kept_short_credit_goes() -> None:
    text = (
        "Officials said the bridge would reopen in May.\n\n"
        "The mayor insisted that the repairs were on schedule and that no money had been wasted on them\n"
        "Reuters\n"
    )
    c = clean_text(text)
    assert "the repairs were on schedule and that no money had been wasted on them" in c.text
    assert "Reuters" not in c.text


def test_datelines_are_cleaned() -> None:
    for text, body in [
        ("RIVERTON — Mayor Helena Brandt insisted the bridge is safe.", "Mayor Helena Brandt insisted"),
        ("WASHINGTON (Reuters) - The Senate voted on Friday.", "The Senate voted on Friday."),
        ("RIVERTON, Ohio – Officials said the bridge is safe.", "Officials said the bridge is safe."),
        ("Intro line.\n\nNEW YORK — Police said two men were arrested.", "Police said two men"),
    ]:
        c = clean_text(text)
        assert len(c.text) == len(text)
        assert c.text.strip().endswith(text[-10:])
        assert body in c.text
        assert not any(w in c.text for w in ("RIVERTON", "WASHINGTON", "Reuters", "NEW YORK")), c.text
    # Capitals inside a sentence, a hyphenated word and a plain name are not datelines.
    for text in ("US-led forces said the camp is safe.", "Mayor Helena Brandt - who insisted - left."):
        assert clean_text(text).text == text


def test_nothing_left_after_cleanup_is_an_error() -> None:
    from app.nlp.cleanup import NoArticleText, clean_article

    with pytest.raises(NoArticleText, match="no article text found after cleanup"):
        clean_article("Listen Live\nGet short URL\nShare\nTweet\n")
    with pytest.raises(NoArticleText):
        clean_article(ArticleIn(html="<html><body><script>go()</script></body></html>"))
    assert clean_article("He said so.").text == "He said so."


def test_cleanup_is_linear_in_long_lines_and_space_runs() -> None:
    from tests.unit.nlp.growth import growth

    shapes = {
        "spaces": lambda n: "12:30" + " " * n + "x\nSecond line.",
        "dots and spaces": lambda n: "." * (n // 10) + " " * n + "x\nSecond line.",
        "one line": lambda n: "word " * (n // 5) + "said Reuters",
    }
    for name, shape in shapes.items():

        def make(n: int, shape: Callable[[int], str] = shape) -> Callable[[], object]:
            text = shape(n)
            return lambda: clean_text(text)

        ratios = growth(make, 20_000)
        assert ratios[2] < 8, (name, ratios)
