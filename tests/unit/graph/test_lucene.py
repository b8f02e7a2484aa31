from __future__ import annotations

import pytest

from graph.reader import escape_lucene, lucene_query


def test_escape_lucene_escapes_every_operator_character() -> None:
    assert escape_lucene('a+b-c!(d){e}[f]^"g"~h*i?j:k\\l/m&&n||o') == (
        'a\\+b\\-c\\!\\(d\\)\\{e\\}\\[f\\]\\^\\"g\\"\\~h\\*i\\?j\\:k\\\\l\\/m\\&\\&n\\|\\|o'
    )
    assert escape_lucene("plain words") == "plain words"


def test_lucene_query_lowercases_dedups_and_joins() -> None:
    assert lucene_query("Lavrov AND Trump OR NOT lavrov") == "lavrov OR and OR trump OR or OR not"
    assert lucene_query("Who said: (this)?", op="AND") == "who AND said AND this"
    assert lucene_query("  ...  ") == ""


def test_lucene_query_fuzzy_only_on_longer_words() -> None:
    assert lucene_query("Sergey V. Lavrov", fuzzy=True) == "sergey~1 OR v OR lavrov~1"


def test_lucene_query_caps_terms() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    assert len(lucene_query(text).split(" OR ")) == 64
    with pytest.raises(ValueError):
        lucene_query("x", op="NOT")
