"""The object graph: which adapter serves which port, built once.

Views receive use cases from here through dependency-injector's wiring;
tests swap a provider with `container.<name>.override(...)`.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.django_orm.notifier import EmailNotifier
from adapters.django_orm.unit_of_work import DjangoUnitOfWork
from adapters.django_orm.users.identity import (
    DjangoCredentials,
    DjangoPasswordPolicy,
    SignedVerificationTokens,
)
from application import carts, catalogue, catalogue_admin, identity, orders


class Container(containers.DeclarativeContainer):
    # Use cases get the factory, not an instance: each `with uow()` is a
    # fresh unit of work, one transaction.
    unit_of_work = providers.Factory(DjangoUnitOfWork)
    uow = unit_of_work.provider
    notifier = providers.Singleton(EmailNotifier)
    tokens = providers.Singleton(SignedVerificationTokens)
    passwords = providers.Singleton(DjangoPasswordPolicy)
    credentials = providers.Singleton(DjangoCredentials)

    register_user = providers.Factory(
        identity.RegisterUser,
        uow=uow,
        passwords=passwords,
        tokens=tokens,
        notifier=notifier,
    )
    verify_email = providers.Factory(identity.VerifyEmail, uow=uow, tokens=tokens)
    resend_verification = providers.Factory(
        identity.ResendVerification, uow=uow, tokens=tokens, notifier=notifier
    )
    log_in = providers.Factory(identity.LogIn, credentials=credentials)
    confirm_active_user = providers.Factory(identity.ConfirmActiveUser, uow=uow)

    ranked_search = providers.Factory(catalogue.RankedSearch, uow=uow)
    get_product = providers.Factory(catalogue.GetProduct, uow=uow)
    import_catalogue = providers.Factory(catalogue.ImportCatalogue, uow=uow)

    create_product = providers.Factory(catalogue_admin.CreateProduct, uow=uow)
    update_product = providers.Factory(catalogue_admin.UpdateProduct, uow=uow)
    archive_product = providers.Factory(catalogue_admin.ArchiveProduct, uow=uow)
    purge_product = providers.Factory(catalogue_admin.PurgeProduct, uow=uow)
    add_sku = providers.Factory(catalogue_admin.AddSku, uow=uow)
    update_sku = providers.Factory(catalogue_admin.UpdateSku, uow=uow)

    get_cart = providers.Factory(carts.GetCart, uow=uow)
    add_to_cart = providers.Factory(carts.AddToCart, uow=uow)
    change_cart_item = providers.Factory(carts.ChangeCartItem, uow=uow)
    remove_cart_item = providers.Factory(carts.RemoveCartItem, uow=uow)

    place_order = providers.Factory(orders.PlaceOrder, uow=uow, notifier=notifier)
    cancel_order = providers.Factory(orders.CancelOrder, uow=uow)
    get_order = providers.Factory(orders.GetOrder, uow=uow)
    list_orders = providers.Factory(orders.ListOrders, uow=uow)
