"""A notifier that keeps what it was asked to send."""

from __future__ import annotations

import attrs

from application.ports import Notifier
from domain.orders import Order


@attrs.frozen
class SentMessage:
    kind: str
    email: str
    token: str | None = None
    order: Order | None = None


class RecordingNotifier(Notifier):
    def __init__(self) -> None:
        self.sent: list[SentMessage] = []

    def send_verification(self, email: str, token: str) -> None:
        self.sent.append(SentMessage("verification", email, token=token))

    def send_order_confirmation(self, email: str, order: Order) -> None:
        self.sent.append(SentMessage("order_confirmation", email, order=order))
