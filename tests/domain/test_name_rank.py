"""Reading a typed path and ranking names against it: separators, exact names that hold one,
and the order of the tiers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.name_rank import Tier, fit, readings
from tui.domain.names import Named, match_name

NAME = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=12
).filter(lambda s: s == s.strip() and len(readings(s)) == 1)
SEPARATOR = st.sampled_from([">", "/", "›", " > ", " / ", " › "])


def tier(query: str, *path: str) -> Tier | None:
    found = fit(readings(query), path)
    return None if found is None else found.tier


def test_each_tier_is_what_a_person_means_by_it():
    assert tier("website", "Acme", "Website") is Tier.EXACT
    assert tier("web", "Acme", "Website") is Tier.PREFIX
    assert tier("pipe", "Globex", "Data Pipeline") is Tier.WORD_PREFIX
    assert tier("site", "Acme", "Website") is Tier.SUBSTRING
    assert tier("Intrenal", "Internal") is Tier.CLOSE  # two letters swapped
    assert tier("wbsite", "Acme", "Website") is Tier.CLOSE  # one left out
    assert tier("dtpipe", "Globex", "Data Pipeline") is Tier.LOOSE  # letters in order only
    assert tier("zzz", "Acme", "Website") is None


def test_the_tiers_sort_best_first():
    path = ("Acme", "Website")
    fits = [fit(readings(q), path) for q in ("wbst", "wbsite", "site", "web", "website")]
    assert sorted(fits) == list(reversed(fits))  # type: ignore[type-var]


@given(st.lists(NAME, min_size=1, max_size=3), st.lists(SEPARATOR, min_size=2, max_size=2))
def test_every_separator_reads_the_same_path(parts: list[str], seps: list[str]):
    typed = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=False))
    assert readings(typed)[-1] == tuple(p.strip() for p in parts)
    assert fit(readings(typed), ("Client", *parts)) is not None


@given(st.lists(NAME, min_size=1, max_size=2), SEPARATOR)
def test_an_existing_name_with_a_separator_wins_over_its_split(parts: list[str], sep: str):
    whole = sep.join(["A", *parts])  # a project named like a path
    items = [Named(("Client", whole), "whole"), Named(("A", *parts), "split")]
    assert match_name(whole, items) == "whole"


def test_named_examples_from_the_issue():
    items = [
        Named(("Acme", "CI/CD"), "cicd"),
        Named(("CI", "CD"), "ci-cd"),
        Named(("A/B tests",), "ab"),
        Named(("Acme", "Website"), "acme-web"),
        Named(("Globex", "Website"), "globex-web"),
    ]
    assert match_name("CI/CD", items) == "cicd"
    assert match_name("A/B tests", items) == "ab"
    assert match_name("a/b", items) == "ab"  # a prefix of the whole name
    assert match_name("Acme > CI/CD", items) == "cicd"
    assert match_name("CI › CD", items) == "ci-cd"  # not the name as typed: the split names it
    for typed in ("Acme > Website", "acme/website", "Acme›web"):
        assert match_name(typed, items) == "acme-web"


def test_a_separator_alone_names_nothing():
    assert readings(" / ") == []
    assert readings(">>") == []


def test_a_sibling_name_is_not_a_typo_of_an_existing_one() -> None:
    from tui.domain.name_rank import _close

    assert _close(["row b"], ["row a"]) == 0.0
    assert _close(["sprint 14"], ["sprint 3"]) == 0.0
    assert _close(["suport"], ["support"]) >= 0.8  # a real typo still is one
