"""A neighbourhood as `{nodes, edges}` for visualisation (vis.js, d3, networkx)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.api.schemas.common import Schema


class GraphNode(Schema):
    id: str
    label: str = Field(description="Node kind: Claim, Speaker, Article or Entity.", examples=["Claim"])
    caption: str = Field(description="Short text to draw.", examples=["Sergey Lavrov"])
    properties: dict[str, Any] = Field(default_factory=dict)


class GraphEdge(Schema):
    source: str
    target: str
    type: str = Field(examples=["DISPUTES"])
    properties: dict[str, Any] = Field(default_factory=dict)


class Neighbourhood(Schema):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
