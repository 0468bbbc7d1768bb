import pytest

from adapters.django_orm.unit_of_work import DjangoUnitOfWork
from tests.contracts.ports import PortContract


@pytest.mark.django_db(transaction=True)
class TestDjangoPorts(PortContract):
    @pytest.fixture
    def uow(self):
        return DjangoUnitOfWork
