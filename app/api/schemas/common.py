"""Shared building blocks: the strict base model and the cursor-paginated list envelope."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageOf(Schema, Generic[T]):
    """`{items, next_cursor}`: pass `next_cursor` back as `cursor` for the next page; null on the last."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Cursor of the next page; null when this is the last."
    )


def check_iso_date(value: str | None) -> str | None:
    """Dates are ISO 8601 ('2021-06-24', '2021-06-24T08:00:00Z'): the graph compares them as strings.

    A datetime with an offset is stored and compared in UTC, so it must still be a datetime once moved
    to UTC: '9999-12-31T23:59:59-14:00' is past the year 9999 there, and is refused here rather than
    failing deep in the graph layer."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date or datetime, e.g. 2021-06-24") from None
    if parsed.tzinfo is not None:
        try:
            parsed.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"{value!r} falls outside the years 1 to 9999 once converted to UTC") from None
    return value.strip()


IsoDate = Annotated[str | None, AfterValidator(check_iso_date)]
