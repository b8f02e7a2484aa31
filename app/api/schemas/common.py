"""Shared building blocks: the strict base model and the cursor-paginated list envelope."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageOf(Schema, Generic[T]):
    """`{items, next_cursor}`: pass `next_cursor` back as `cursor` for the next page; null on the last."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Cursor of the next page; null when this is the last."
    )
