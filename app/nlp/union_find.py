"""Union-find over hashable keys: the pieces of one statement (app.nlp.disputes), the existing claims
one article shows to be one proposition (app.services.ingest)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Keys never joined are their own root; `union(a, into=b)` makes b's root the root of both."""

    def __init__(self) -> None:
        self._parent: dict[K, K] = {}

    def find(self, key: K) -> K:
        root = key
        while root in self._parent:
            root = self._parent[root]
        while key != root:  # path compression
            nxt = self._parent[key]
            self._parent[key] = root
            key = nxt
        return root

    def union(self, key: K, *, into: K) -> None:
        a, b = self.find(key), self.find(into)
        if a != b:
            self._parent[a] = b

    def groups(self, keys: Iterable[K]) -> dict[K, list[K]]:
        """`keys` by root, in their order."""
        out: dict[K, list[K]] = {}
        for k in keys:
            out.setdefault(self.find(k), []).append(k)
        return out

    def merges(self) -> dict[K, K]:
        """Every joined key that is not a root -> its root (flat: no chains)."""
        return {k: self.find(k) for k in sorted(self._parent)}  # type: ignore[type-var]
