"""The use cases composed with in-memory adapters, for unit tests."""

from __future__ import annotations

from decimal import Decimal

import attrs

from adapters.memory.identity import (
    InMemoryCredentials,
    InMemoryVerificationTokens,
    MinimumLengthPolicy,
)
from adapters.memory.notifier import RecordingNotifier
from adapters.memory.repositories import MemoryStore
from adapters.memory.unit_of_work import InMemoryUnitOfWork
from application import carts, catalogue, catalogue_admin, identity, orders
from domain.catalogue import Product, Sku
from domain.money import Money


@attrs.define
class InMemoryShop:
    store: MemoryStore = attrs.Factory(MemoryStore)
    notifier: RecordingNotifier = attrs.Factory(RecordingNotifier)
    tokens: InMemoryVerificationTokens = attrs.Factory(InMemoryVerificationTokens)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)

    @property
    def register(self) -> identity.RegisterUser:
        return identity.RegisterUser(
            self.uow, MinimumLengthPolicy(), self.tokens, self.notifier
        )

    @property
    def verify(self) -> identity.VerifyEmail:
        return identity.VerifyEmail(self.uow, self.tokens)

    @property
    def resend(self) -> identity.ResendVerification:
        return identity.ResendVerification(self.uow, self.tokens, self.notifier)

    @property
    def log_in(self) -> identity.LogIn:
        return identity.LogIn(InMemoryCredentials(self.store))

    @property
    def confirm_active_user(self) -> identity.ConfirmActiveUser:
        return identity.ConfirmActiveUser(self.uow)

    @property
    def search(self) -> catalogue.RankedSearch:
        return catalogue.RankedSearch(self.uow)

    @property
    def get_product(self) -> catalogue.GetProduct:
        return catalogue.GetProduct(self.uow)

    @property
    def import_catalogue(self) -> catalogue.ImportCatalogue:
        return catalogue.ImportCatalogue(self.uow, batch_size=3)

    @property
    def get_cart(self) -> carts.GetCart:
        return carts.GetCart(self.uow)

    @property
    def add_to_cart(self) -> carts.AddToCart:
        return carts.AddToCart(self.uow)

    @property
    def change_item(self) -> carts.ChangeCartItem:
        return carts.ChangeCartItem(self.uow)

    @property
    def remove_item(self) -> carts.RemoveCartItem:
        return carts.RemoveCartItem(self.uow)

    @property
    def place_order(self) -> orders.PlaceOrder:
        return orders.PlaceOrder(self.uow, self.notifier)

    @property
    def cancel_order(self) -> orders.CancelOrder:
        return orders.CancelOrder(self.uow)

    @property
    def get_order(self) -> orders.GetOrder:
        return orders.GetOrder(self.uow)

    @property
    def list_orders(self) -> orders.ListOrders:
        return orders.ListOrders(self.uow)

    @property
    def create_product(self) -> catalogue_admin.CreateProduct:
        return catalogue_admin.CreateProduct(self.uow)

    @property
    def update_product(self) -> catalogue_admin.UpdateProduct:
        return catalogue_admin.UpdateProduct(self.uow)

    @property
    def archive_product(self) -> catalogue_admin.ArchiveProduct:
        return catalogue_admin.ArchiveProduct(self.uow)

    @property
    def purge_product(self) -> catalogue_admin.PurgeProduct:
        return catalogue_admin.PurgeProduct(self.uow)

    @property
    def add_sku(self) -> catalogue_admin.AddSku:
        return catalogue_admin.AddSku(self.uow)

    @property
    def update_sku(self) -> catalogue_admin.UpdateSku:
        return catalogue_admin.UpdateSku(self.uow)

    # Arrange helpers ------------------------------------------------------

    def shopper(self, email: str = "ann@example.com") -> int:
        """A registered, verified user's id."""
        user = self.register(email, "long enough password")
        self.verify(self.notifier.sent[-1].token)
        return user.id

    def product(
        self, name: str = "MUG", stock: int = 10, price: str = "2.50", code: str = ""
    ) -> Sku:
        sku = Sku(
            code=code or f"C{len(self.store.skus) + 1}", price=Money(price), stock=stock
        )
        with self.uow() as uow:
            uow.products.add(Product(name=name, skus=[sku]))
        return sku

    def stock(self, sku_id: int) -> int:
        return self.store.skus[sku_id].stock


def money(value: str) -> Money:
    return Money(Decimal(value))
