"""app.nlp.union_find: flat merges for the graph writer, groups for statement pieces."""

from __future__ import annotations

from app.nlp.union_find import UnionFind


def test_union_find_gives_flat_merges_without_chains() -> None:
    u: UnionFind[str] = UnionFind()
    u.union("clm_b", into="clm_a")
    u.union("clm_c", into="clm_b")  # c joins b, which already went to a
    u.union("clm_a", into="clm_c")  # already one: no cycle
    assert u.find("clm_c") == "clm_a"
    assert u.merges() == {"clm_b": "clm_a", "clm_c": "clm_a"}


def test_union_find_groups_keys_in_order() -> None:
    u: UnionFind[int] = UnionFind()
    u.union(3, into=0)
    u.union(1, into=4)
    assert u.groups(range(5)) == {0: [0, 3], 4: [1, 4], 2: [2]}
