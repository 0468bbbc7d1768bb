"""What the audit log keeps of a staff change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

# A JSON-ready picture of an object: what it was before or after a change.
Snapshot = dict[str, Any]


@attrs.frozen
class AuditEntry:
    """Who changed what, from what, to what. `before` is None for a
    creation and `after` is None for a removal."""

    actor_id: int | None
    action: str
    target_type: str
    target_id: int
    before: Snapshot | None
    after: Snapshot | None
    at: datetime | None = None
