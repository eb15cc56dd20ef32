"""The catalog cache any remote backend reuses: fresh for its time to live, kept current by
the backend's own writes, dropped on request."""

from __future__ import annotations

from tui.backends.catalog_cache import CatalogCache


def test_a_list_is_fresh_for_its_time_to_live_then_read_again() -> None:
    now = [0.0]
    cache: CatalogCache[str] = CatalogCache(ttl=10.0, clock=lambda: now[0])
    assert cache.fresh("w1") is None  # never read
    cache.put("w1", "a", "Acme")  # a write alone does not make a list
    assert cache.fresh("w1") is None
    assert cache.held("w1") == {"a": "Acme"}
    cache.fill("w1", {"a": "Acme", "g": "Globex"})
    now[0] = 9.9
    cache.put("w1", "i", "Initech")
    assert cache.fresh("w1") == {"a": "Acme", "g": "Globex", "i": "Initech"}
    assert cache.fresh("w2") is None  # workspaces are apart
    now[0] = 10.0
    assert cache.fresh("w1") is None
    assert cache.held("w1")["i"] == "Initech"  # still there for a replacing write


def test_invalidate_drops_one_workspace_or_all() -> None:
    cache: CatalogCache[int] = CatalogCache(ttl=60.0, clock=lambda: 0.0)
    cache.fill("w1", {"x": 1})
    cache.fill("w2", {"y": 2})
    cache.invalidate("w1")
    assert cache.fresh("w1") is None
    assert cache.held("w1") == {}
    assert cache.fresh("w2") == {"y": 2}
    cache.invalidate()
    assert cache.fresh("w2") is None
