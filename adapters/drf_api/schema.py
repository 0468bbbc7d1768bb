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


DETAIL = {"$ref": "#/components/schemas/Detail"}
FIELD_ERRORS = {
    "type": "object",
    "description": "DRF's field errors, `{field: [message, ...]}` (nested for "
    'lists), or `{"detail": message}` for the request as a whole.',
    "additionalProperties": {},
}
WHY = {
    "400": "Invalid request",
    "401": "No valid access token, or wrong credentials",
    "403": "Authenticated but not staff",
    "404": "Not found, or someone else's",
    "409": "Refused by the shop's current state",
    "413": "Request body too large",
    "429": "Throttled; see the Retry-After header",
}
STAFF_WRITES = {
    ("/api/v1/products", "post"),
    ("/api/v1/products/{product_id}", "patch"),
    ("/api/v1/products/{product_id}", "delete"),
    ("/api/v1/products/{product_id}/skus", "post"),
    ("/api/v1/skus/{sku_id}", "patch"),
}
# What the contract names beyond the rules in `add_error_responses`.
SPECIFIC = {
    ("/api/v1/auth/token", "post"): {"401"},
    ("/api/v1/auth/token/refresh", "post"): {"401"},
    ("/api/v1/checkout", "post"): {"400", "409"},
    ("/api/v1/orders/{order_id}/cancel", "post"): {"409"},
    ("/api/v1/products/{product_id}", "delete"): {"400", "409"},
    ("/api/v1/products", "get"): {"404"},  # a page past the end
    ("/api/v1/orders", "get"): {"404"},
}


def add_error_responses(result: dict, **kwargs) -> dict:
    """Document the contract's error answers on every operation: 400 where a
    body is read, 401 where a token is required, 403 for staff writes, 404
    for ids in the path, 413 for bodies, 429 everywhere, and the statuses
    the contract names for particular operations."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = {"429"} | SPECIFIC.get((path, method), set())
            if "requestBody" in operation:
                statuses |= {"400", "413"}
            if {} not in operation.get("security", [{}]):
                statuses.add("401")
            if (path, method) in STAFF_WRITES:
                statuses.add("403")
            if "{" in path:
                statuses.add("404")
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses - set(responses)):
                schema = FIELD_ERRORS if status == "400" else DETAIL
                responses[status] = {
                    "description": WHY[status],
                    "content": {"application/json": {"schema": schema}},
                }
    return result
