"""OpenAPI schema tweaks for drf-spectacular."""

from __future__ import annotations


def drop_slash_variants(endpoints: list, **kwargs) -> list:
    """Each route exists with and without a trailing slash; keep the
    contract's spelling (no slash) in the schema."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path == "/" or not path.endswith("/") or path.startswith("/api/schema")
    ]
