"""The read routes answer `json_response(model)` instead of letting FastAPI serialize the returned model:
the body must be exactly what FastAPI would have sent for the route's response_model."""

from __future__ import annotations

import json
from typing import Any

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from app.api import examples as ex
from app.api.routes import json_response
from app.api.schemas.claims import ClaimList, ClaimPublic
from app.api.schemas.disputes import DisputeList
from app.api.schemas.graph import Neighbourhood
from app.api.schemas.speakers import OpponentList, SpeakerList, SpeakerPublic


def test_json_response_sends_what_fastapi_would() -> None:
    pairs: list[tuple[type[BaseModel], dict[str, Any]]] = [
        (ClaimList, ex.CLAIM_LIST),
        (ClaimPublic, ex.CLAIM_PUBLIC),
        (SpeakerList, ex.SPEAKER_LIST),
        (SpeakerPublic, ex.SPEAKER_PUBLIC),
        (OpponentList, ex.OPPONENT_LIST),
        (DisputeList, ex.DISPUTE_LIST),
        (Neighbourhood, ex.NEIGHBOURHOOD),
    ]
    for model, example in pairs:
        value = model.model_validate(example)
        response = json_response(value)
        assert response.media_type == "application/json"
        assert json.loads(bytes(response.body)) == jsonable_encoder(value)
    # Non-ASCII text goes out as UTF-8, as FastAPI's JSONResponse sends it.
    items: list[dict[str, Any]] = ex.CLAIM_LIST["items"]  # type: ignore[assignment]
    item = {**items[0], "text": "Лавров: «беженцы»"}
    body = bytes(json_response(ClaimList.model_validate({"items": [item], "next_cursor": None})).body)
    assert "Лавров: «беженцы»" in body.decode("utf-8")
