"""Errors of the graph layer: what callers (API, CLI) catch instead of driver exceptions.

The API maps `GraphUnavailable` to 503, `GraphConstraintError` to 409, `SchemaOutdated` to a refusal to
start, and `GraphError` to 500; the CLI prints the message. Each message names the cause (URI, constraint,
file) so nobody needs the driver traceback.
"""

from __future__ import annotations


class GraphError(Exception):
    """Base of every error raised by `graph/`."""


class GraphUnavailable(GraphError):
    """The server cannot be reached, or refused the credentials."""

    def __init__(self, message: str, *, uri: str | None = None) -> None:
        super().__init__(message)
        self.uri = uri


class GraphConstraintError(GraphError):
    """A write broke a schema constraint (normally a uniqueness constraint on an id)."""

    def __init__(
        self,
        message: str,
        *,
        constraint: str | None = None,
        label: str | None = None,
        property: str | None = None,
    ) -> None:
        super().__init__(message)
        self.constraint = constraint
        self.label = label
        self.property = property


class ResolutionError(GraphError, ValueError):
    """A cross-article resolution names a Claim or Speaker id the graph does not hold."""


class MigrationError(GraphError):
    """A migration cannot be applied: a changed applied file, a gap in the chain, a malformed file."""


class SchemaOutdated(GraphError):
    """The graph's schema is older than the code expects; run `claimgraph migrate`."""

    def __init__(self, message: str, *, current: str | None, expected: str) -> None:
        super().__init__(message)
        self.current = current
        self.expected = expected
