"""Emails through Django's email framework (EMAIL_BACKEND from settings)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from application.ports import Notifier
from domain.orders import Order

logger = logging.getLogger(__name__)


class EmailNotifier(Notifier):
    def send_verification(self, email: str, token: str) -> None:
        body = (
            "Welcome to the shop.\n\n"
            "To activate your account, send this token to "
            'POST /api/v1/auth/verify-email as {"token": "..."}:\n\n'
            f"token: {token}\n"
        )
        if settings.EMAIL_VERIFICATION_URL:
            body += f"\nOr open {settings.EMAIL_VERIFICATION_URL}?token={token}\n"
        send_mail("Verify your email address", body, None, [email])
        logger.info("verification email sent")

    def send_order_confirmation(self, email: str, order: Order) -> None:
        lines = [
            f"  {line.quantity} x {line.sku_code} {line.product_name}"
            f" at {line.unit_price} = {line.line_total}"
            for line in order.lines
        ]
        body = "\n".join(
            [
                f"Thank you for your order {order.id}.",
                "",
                *lines,
                "",
                f"Total: {order.total}",
                f"Status: {order.status.value}",
            ]
        )
        send_mail(f"Order {order.id} confirmed", body + "\n", None, [email])
        logger.info("order confirmation sent", extra={"order_id": order.id})
