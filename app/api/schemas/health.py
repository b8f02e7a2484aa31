"""Probe answers."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import Schema


class Health(Schema):
    status: str = Field(examples=["ok"])
    version: str = Field(examples=["0.1.0"])


class Readiness(Schema):
    status: str = Field(
        description="'ready' when Neo4j answers and the schema is current.", examples=["ready"]
    )
    neo4j: str = Field(examples=["ok"])
    schema_version: str | None = Field(default=None, examples=["3"])
    expected_schema_version: str | None = Field(default=None, examples=["3"])
