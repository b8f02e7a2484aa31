"""The API's view of `graph.reader`: calls the graph layer's reads, shapes rows into API schemas.

Kept in one place so a change in the graph layer's return shapes touches one module, not every route.
`None` means "not found" (the route answers 404).
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from app.api.deps import PageParams
from app.api.schemas.articles import ArticleList, ArticlePublic
from app.api.schemas.claims import ClaimList, ClaimPublic
from app.api.schemas.disputes import DisputeList
from app.api.schemas.graph import Neighbourhood
from app.api.schemas.speakers import OpponentList, SpeakerList, SpeakerPublic
from app.api.schemas.stats import Stats


def _reader() -> Any:
    from graph import reader

    return reader


def list_articles(
    driver: Driver, page: PageParams, *, source: str | None, since: str | None, until: str | None
) -> ArticleList:
    items, cursor = _reader().list_articles(
        driver, source=source, since=since, until=until, limit=page.limit, cursor=page.cursor
    )
    return ArticleList.model_validate({"items": items, "next_cursor": cursor})


def get_article(driver: Driver, article_id: str) -> ArticlePublic | None:
    row = _reader().get_article(driver, article_id)
    return None if row is None else ArticlePublic.model_validate(row)


def search_claims(
    driver: Driver,
    page: PageParams,
    *,
    q: str | None,
    speaker: str | None,
    entity: str | None,
    since: str | None,
    until: str | None,
    disputed: bool | None,
) -> ClaimList:
    items, cursor = _reader().search_claims(
        driver,
        q=q,
        speaker=speaker,
        entity=entity,
        since=since,
        until=until,
        disputed=disputed,
        limit=page.limit,
        cursor=page.cursor,
    )
    return ClaimList.model_validate({"items": items, "next_cursor": cursor})


def get_claim(driver: Driver, claim_id: str) -> ClaimPublic | None:
    row = _reader().get_claim(driver, claim_id)
    return None if row is None else ClaimPublic.model_validate(row)


def search_speakers(driver: Driver, page: PageParams, *, q: str | None) -> SpeakerList:
    items, cursor = _reader().search_speakers(driver, q=q, limit=page.limit, cursor=page.cursor)
    return SpeakerList.model_validate({"items": items, "next_cursor": cursor})


def get_speaker(driver: Driver, speaker_id: str) -> SpeakerPublic | None:
    row = _reader().get_speaker(driver, speaker_id)
    return None if row is None else SpeakerPublic.model_validate(row)


def speaker_claims(driver: Driver, speaker_id: str, page: PageParams) -> ClaimList | None:
    if _reader().get_speaker(driver, speaker_id) is None:
        return None
    items, cursor = _reader().speaker_claims(driver, speaker_id, limit=page.limit, cursor=page.cursor)
    return ClaimList.model_validate({"items": items, "next_cursor": cursor})


def speaker_opponents(driver: Driver, speaker_id: str, page: PageParams) -> OpponentList | None:
    if _reader().get_speaker(driver, speaker_id) is None:
        return None
    items, cursor = _reader().speaker_opponents(driver, speaker_id, limit=page.limit, cursor=page.cursor)
    return OpponentList.model_validate({"items": items, "next_cursor": cursor})


def list_disputes(driver: Driver, page: PageParams, *, speaker: str | None, since: str | None) -> DisputeList:
    items, cursor = _reader().list_disputes(
        driver, speaker=speaker, since=since, limit=page.limit, cursor=page.cursor
    )
    return DisputeList.model_validate({"items": items, "next_cursor": cursor})


def claim_neighbourhood(driver: Driver, claim_id: str, depth: int) -> Neighbourhood | None:
    row = _reader().claim_neighbourhood(driver, claim_id, depth=depth)
    return None if row is None else Neighbourhood.model_validate(row)


def stats(driver: Driver) -> Stats:
    return Stats.model_validate(_reader().stats(driver))
