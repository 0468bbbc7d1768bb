import pytest

from tests.unit.shop import InMemoryShop


@pytest.fixture
def shop() -> InMemoryShop:
    return InMemoryShop()
