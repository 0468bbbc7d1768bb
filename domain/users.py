"""Shoppers and staff, as the rules see them (no passwords here)."""

from __future__ import annotations

import attrs


@attrs.define
class User:
    email: str
    id: int | None = None
    is_active: bool = False
    is_staff: bool = False
    email_verified: bool = False
