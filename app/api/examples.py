"""Response examples for the OpenAPI document, built on the seed article (Rukban camp, June 2021).

The ids are the real deterministic ids (graph/ids.py) the seed article gets, so the examples match
what a fresh install answers after `claimgraph ingest data/samples`.
"""

from __future__ import annotations

from typing import Any

ARTICLE_ID = "art_7ad9c4a263d49567ea44abd5"
LAVROV = {"id": "spk_0648b9df3c90fd655469ef6e", "name": "Sergey Lavrov", "kind": "PERSON"}
PALLADINO = {"id": "spk_276f619df219be38b9383fae", "name": "Robert Palladino", "kind": "PERSON"}
LAVROV_CLAIM = {
    "id": "clm_0dcb55d2c3abd81845ef4293",
    "text": (
        "refugees from the Rukban camp should have long been evacuated, but the United States and the "
        "armed groups under its control forbade them to leave"
    ),
}
PALLADINO_CLAIM = {
    "id": "clm_4315f8e0f16f833d9dadd223",
    "text": "the United States had not prevented people who live in the camp from leaving the facility",
}
ARTICLE_REF = {
    "id": ARTICLE_ID,
    "external_id": "seed-rukban-2021",
    "title": "Militants still preventing refugees from leaving Syria's Rukban camp",
    "url": None,
    "source": "sputnik",
    "published_at": "2021-06-24",
}
DISPUTE = {
    "id": "dsp_d12ee68297a10ef18a7a2436",
    "article_id": ARTICLE_ID,
    "scope": "article",
    "confidence": 0.9,
    "method": "rules",
    "cue": "replied",
    "evidence": "reply cue 'replied'; negated predicate 'had not prevented' vs 'forbade them to leave'",
}
LAVROV_PROVENANCE = {
    "attribution_index": 3,
    "cue": "said",
    "quote_type": "indirect",
    "source_text": "Russian Foreign Minister Sergey Lavrov",
    "sentence": 7,
    "source_span": [[1398, 1436]],
    "cue_span": [[1437, 1441]],
    "content_span": [[1442, 1581]],
    "confidence": 0.93,
}

ARTICLE_SUMMARY = {**ARTICLE_REF, "ingested_at": "2026-11-28T07:00:00Z", "claim_count": 10}
ARTICLE_LIST = {"items": [ARTICLE_SUMMARY], "next_cursor": None}
ARTICLE_PUBLIC = {
    **ARTICLE_SUMMARY,
    "content_hash": "9c1f…",
    "text": "05:42 GMT24 June 2021 … MOSCOW (Sputnik) – Militants are still preventing refugees …",
    "triples": [{**LAVROV_PROVENANCE, "speakers": [{**LAVROV, "primary": True}], "claim": LAVROV_CLAIM}],
    "disputes": [{**DISPUTE, "claim": PALLADINO_CLAIM, "disputed_claim": LAVROV_CLAIM}],
}
# What POST /v1/articles answers: the same article shape as GET /v1/articles/{id}, plus `created`.
ARTICLE_CREATED = {**ARTICLE_PUBLIC, "created": True}

CLAIM_SUMMARY = {
    **LAVROV_CLAIM,
    "speakers": [LAVROV],
    "report_count": 1,
    "disputes_count": 0,
    "disputed_by_count": 1,
}
CLAIM_LIST = {"items": [CLAIM_SUMMARY], "next_cursor": "YzE6Y2xhaW1zOmNsbV8wZGNiNTVkMmMzYWJkODE4NDVlZjQyOTM"}
CLAIM_PUBLIC = {
    **LAVROV_CLAIM,
    "assertions": [{**LAVROV_PROVENANCE, "article": ARTICLE_REF, "speakers": [{**LAVROV, "primary": True}]}],
    "disputes": [],
    "disputed_by": [{**DISPUTE, "claim": PALLADINO_CLAIM, "speakers": [PALLADINO]}],
    "entities": [{"id": "ent_5d0c2b1e9f8a7d6c5b4a3e2f", "name": "Rukban", "label": "GPE"}],
}

SPEAKER_SUMMARY = {
    **LAVROV,
    "aliases": ["Lavrov", "Russian Foreign Minister Sergey Lavrov"],
    "role": "Foreign Minister",
    "affiliation": "Russia",
    "claim_count": 1,
}
SPEAKER_LIST = {"items": [SPEAKER_SUMMARY], "next_cursor": None}
SPEAKER_PUBLIC = {**SPEAKER_SUMMARY, "article_count": 1, "assertion_count": 1, "scope_article_id": None}
OPPONENT_LIST = {
    "items": [{"speaker": PALLADINO, "disputes": 1, "disputes_by_speaker": 0, "disputes_by_opponent": 1}],
    "next_cursor": None,
}
DISPUTE_LIST = {
    "items": [
        {
            **DISPUTE,
            "claim": PALLADINO_CLAIM,
            "speakers": [PALLADINO],
            "disputed_claim": LAVROV_CLAIM,
            "disputed_speakers": [LAVROV],
            "article": ARTICLE_REF,
        }
    ],
    "next_cursor": None,
}
NEIGHBOURHOOD = {
    "nodes": [
        {"id": LAVROV_CLAIM["id"], "label": "Claim", "caption": LAVROV_CLAIM["text"][:120], "properties": {}},
        {
            "id": LAVROV["id"],
            "label": "Speaker",
            "caption": "Sergey Lavrov",
            "properties": {"kind": "PERSON"},
        },
        {"id": PALLADINO_CLAIM["id"], "label": "Claim", "caption": PALLADINO_CLAIM["text"], "properties": {}},
    ],
    "edges": [
        {
            "source": LAVROV["id"],
            "target": LAVROV_CLAIM["id"],
            "type": "ASSERTS",
            "properties": {"primary": True},
        },
        {
            "source": PALLADINO_CLAIM["id"],
            "target": LAVROV_CLAIM["id"],
            "type": "DISPUTES",
            "properties": {"evidence": DISPUTE["evidence"]},
        },
    ],
}
STATS = {
    "articles": 1,
    "speakers": 6,
    "claims": 10,
    "entities": 12,
    "disputes": 1,
    "asserts": 10,
    "reports": 10,
    "mentions": 14,
}


def ok(example: dict[str, Any], description: str = "Successful Response") -> dict[int | str, dict[str, Any]]:
    """A `responses=` entry documenting the 200 answer with an example."""
    return {200: {"description": description, "content": {"application/json": {"example": example}}}}
