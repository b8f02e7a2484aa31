"""`/v1/speakers`: search, one speaker, their claims, their opponents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver, Page
from app.api.errors import NotFound, error_responses
from app.api.examples import ok
from app.api.routes import json_response
from app.api.schemas.claims import ClaimList
from app.api.schemas.speakers import OpponentList, SpeakerList, SpeakerPublic

router = APIRouter(prefix="/speakers", tags=["speakers"])


@router.get(
    "",
    response_model=SpeakerList,
    summary="Search speakers",
    description="`q` matches names and aliases (full-text); without it speakers come in a stable order.",
    responses={**ok(ex.SPEAKER_LIST), **error_responses(400, 401, 403, 422, 503)},
)
def search_speakers(
    driver: Neo4jDriver,
    page: Page,
    q: Annotated[str | None, Query(max_length=200, description="Name or alias words.")] = None,
) -> Response:
    return json_response(readers.search_speakers(driver, page, q=q))


@router.get(
    "/{speaker_id}",
    response_model=SpeakerPublic,
    summary="One speaker: aliases, role, affiliation, claim count",
    responses={**ok(ex.SPEAKER_PUBLIC), **error_responses(401, 403, 404, 503)},
)
def get_speaker(speaker_id: str, driver: Neo4jDriver) -> Response:
    speaker = readers.get_speaker(driver, speaker_id)
    if speaker is None:
        raise NotFound("speaker", speaker_id)
    return json_response(speaker)


@router.get(
    "/{speaker_id}/claims",
    response_model=ClaimList,
    summary="A speaker's claims",
    description=(
        "In claim-id order, cursor-paginated; a page costs its `limit` whatever the number of the speaker's "
        "claims (keyset pagination on an index)."
    ),
    responses={**ok(ex.CLAIM_LIST), **error_responses(400, 401, 403, 404, 422, 503)},
)
def speaker_claims(speaker_id: str, driver: Neo4jDriver, page: Page) -> Response:
    result = readers.speaker_claims(driver, speaker_id, page)
    if result is None:
        raise NotFound("speaker", speaker_id)
    return json_response(result)


@router.get(
    "/{speaker_id}/opponents",
    response_model=OpponentList,
    summary="Speakers whose claims dispute this speaker's, or are disputed by them",
    description="Each opponent with dispute counts in both directions; most disputes first.",
    responses={**ok(ex.OPPONENT_LIST), **error_responses(400, 401, 403, 404, 422, 503)},
)
def speaker_opponents(speaker_id: str, driver: Neo4jDriver, page: Page) -> Response:
    result = readers.speaker_opponents(driver, speaker_id, page)
    if result is None:
        raise NotFound("speaker", speaker_id)
    return json_response(result)
