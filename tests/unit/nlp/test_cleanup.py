"""Cleanup: boilerplate blanked in place, HTML body mapped back into the caller's HTML."""

from __future__ import annotations

import json
import re
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
