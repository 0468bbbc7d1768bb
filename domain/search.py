"""How well a product name matches a search query."""

from __future__ import annotations

EXACT = 100
PREFIX = 50
CONTAINS = 10


def match_rank(name: str, query: str) -> int | None:
    """EXACT, PREFIX or CONTAINS, ignoring case; None when the name does not
    contain the query at all. Every character of the query is literal."""
    name, query = name.upper(), query.upper()
    if name == query:
        return EXACT
    if name.startswith(query):
        return PREFIX
    if query in name:
        return CONTAINS
    return None
