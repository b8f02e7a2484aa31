"""`/v1/articles`: post articles through the one ingest path; read them back with their triples.

The POST handlers are plain `def`: FastAPI runs them in its threadpool, so the CPU-bound NLP and the
blocking driver calls never stall the event loop.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver, Page, ResolverDep, SettingsDep, WriteKey
from app.api.errors import ApiError, NotFound, PayloadTooLarge, error_responses
from app.api.examples import ok
from app.api.schemas.articles import (
    ArticleBatchCreate,
    ArticleBatchResult,
    ArticleCreate,
    ArticleCreated,
    ArticleList,
    ArticlePublic,
    BatchItemResult,
    InvalidArticle,
)
from app.api.schemas.common import IsoDate
from app.services import ingest
from app.services.ingest import IngestFailure, IngestResult
from app.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/articles", tags=["articles"])


def _body_problem(article: ArticleCreate, settings: Settings) -> tuple[int, str] | None:
    """(status, message) when the article cannot be ingested as given, else None."""
    body = article.text if article.text is not None else article.html
    if body is None or not body.strip():
        return 422, "either `text` or `html` is required and must not be blank"
    size = len(body.encode("utf-8"))
    if size > settings.max_text_bytes:
        field = "text" if article.text is not None else "html"
        return 413, (
            f"article {field} is {size} bytes; the limit is {settings.max_text_bytes} bytes "
            "(CLAIMGRAPH_MAX_TEXT_BYTES)"
        )
    return None


@router.post(
    "",
    status_code=201,
    response_model=ArticleCreated,
    dependencies=[WriteKey],
    summary="Ingest one article",
    description=(
        "Cleanup → extraction → load. Answers **201** with the article as `GET /v1/articles/{id}` "
        "returns it (triples with spans, disputes) plus `created`; re-posting the same article (same "
        "URL, id or content) answers **200** with the same ids and changes nothing."
    ),
    responses={
        201: {
            "description": "Ingested: the new article with its triples and disputes.",
            "content": {"application/json": {"example": ex.ARTICLE_CREATED}},
        },
        200: {
            "model": ArticleCreated,
            "description": "Already in the graph (same URL, id or content); nothing changed.",
            "content": {"application/json": {"example": {**ex.ARTICLE_CREATED, "created": False}}},
        },
        **error_responses(400, 401, 403, 413, 422, 503),
    },
)
def create_article(
    article: ArticleCreate,
    response: Response,
    driver: Neo4jDriver,
    settings: SettingsDep,
    resolver: ResolverDep,
) -> ArticleCreated:
    problem = _body_problem(article, settings)
    if problem is not None:
        status, message = problem
        if status == 413:
            raise PayloadTooLarge(message)
        raise RequestValidationError(
            [{"loc": ("body", "text"), "msg": message, "type": "missing", "input": None}]
        )
    try:
        # Concurrent posts (threads, API workers, CLI runs) resolve one at a time under the graph's
        # resolver lock (app.resolution.owner).
        result = ingest.ingest_article(driver, article.to_article_in(), resolver=resolver)
    except ValueError as exc:
        # The ingest path raises ValueError for input it cannot use (e.g. nothing left after cleanup).
        raise ApiError(422, f"article could not be ingested: {exc}") from exc
    response.status_code = 201 if result.created else 200
    return _as_created(driver, result)


def _as_created(driver: Neo4jDriver, result: IngestResult) -> ArticleCreated:
    """The stored article read back in the GET shape, so POST and GET answer one schema."""
    stored = readers.get_article(driver, result.article_id)
    if stored is None:  # deleted between the write and this read
        raise NotFound("article", result.article_id)
    return ArticleCreated(**stored.model_dump(), created=result.created)


@router.post(
    "/batch",
    response_model=ArticleBatchResult,
    dependencies=[WriteKey],
    summary="Ingest many articles",
    description=(
        "Each item is ingested on its own: one bad item (blank, oversized, failing extraction) yields a "
        "`failed` entry with its reason and never stops the others. At most CLAIMGRAPH_MAX_BATCH_ITEMS."
    ),
    responses={
        **ok(
            {
                "items": [
                    {"index": 0, "status": "created", "result": ex.ARTICLE_CREATED, "error": None},
                    {
                        "index": 1,
                        "status": "failed",
                        "result": None,
                        "error": "either `text` or `html` is required and must not be blank",
                    },
                ],
                "created": 1,
                "existing": 0,
                "failed": 1,
            }
        ),
        **error_responses(400, 401, 403, 413, 422, 503),
    },
)
def create_articles(
    batch: ArticleBatchCreate, driver: Neo4jDriver, settings: SettingsDep, resolver: ResolverDep
) -> ArticleBatchResult:
    if len(batch.articles) > settings.max_batch_items:
        raise RequestValidationError(
            [
                {
                    "loc": ("body", "articles"),
                    "msg": f"at most {settings.max_batch_items} articles per batch",
                    "type": "too_long",
                    "input": None,
                }
            ]
        )
    items: list[BatchItemResult | None] = [None] * len(batch.articles)
    valid: dict[int, ArticleCreate] = {}
    for index, article in enumerate(batch.articles):
        if isinstance(article, InvalidArticle):
            items[index] = BatchItemResult(index=index, status="failed", error=article.error)
        elif (problem := _body_problem(article, settings)) is not None:
            items[index] = BatchItemResult(index=index, status="failed", error=problem[1])
        else:
            valid[index] = article
    todo = list(valid)
    if todo:
        outcomes = ingest.ingest_articles(driver, [valid[i].to_article_in() for i in todo], resolver=resolver)
        for position, outcome in enumerate(outcomes):
            index = todo[position]
            if isinstance(outcome, IngestFailure):
                items[index] = BatchItemResult(index=index, status="failed", error=outcome.error)
            else:
                status = "created" if outcome.created else "exists"
                items[index] = BatchItemResult(
                    index=index, status=status, result=_as_created(driver, outcome)
                )
    done = [item for item in items if item is not None]
    return ArticleBatchResult(
        items=done,
        created=sum(1 for i in done if i.status == "created"),
        existing=sum(1 for i in done if i.status == "exists"),
        failed=sum(1 for i in done if i.status == "failed"),
    )


@router.get(
    "",
    response_model=ArticleList,
    summary="List articles",
    description="Newest first by publication date, then id. Filters: outlet `source`, `since`/`until` dates.",
    responses={**ok(ex.ARTICLE_LIST), **error_responses(400, 401, 403, 422, 503)},
)
def list_articles(
    driver: Neo4jDriver,
    page: Page,
    source: Annotated[str | None, Query(max_length=500)] = None,
    since: Annotated[IsoDate, Query(max_length=64, description="ISO 8601 date, inclusive.")] = None,
    until: Annotated[IsoDate, Query(max_length=64, description="ISO 8601 date, exclusive.")] = None,
) -> ArticleList:
    return readers.list_articles(driver, page, source=source, since=since, until=until)


@router.get(
    "/{article_id}",
    response_model=ArticlePublic,
    summary="One article with its triples",
    responses={**ok(ex.ARTICLE_PUBLIC), **error_responses(401, 403, 404, 503)},
)
def get_article(article_id: str, driver: Neo4jDriver) -> ArticlePublic:
    article = readers.get_article(driver, article_id)
    if article is None:
        raise NotFound("article", article_id)
    return article
