import pytest

from adapters.memory.repositories import MemoryStore
from adapters.memory.unit_of_work import InMemoryUnitOfWork
from tests.contracts.ports import PortContract


class TestInMemoryPorts(PortContract):
    @pytest.fixture
    def uow(self):
        store = MemoryStore()
        return lambda: InMemoryUnitOfWork(store)
