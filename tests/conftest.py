import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_content(db):
    """The Voorjaar 2022 newsletter, loaded as on a fresh `make run`."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
