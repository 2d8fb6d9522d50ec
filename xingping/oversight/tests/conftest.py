import pytest

from xingping.entities.testing import clear_cache, data  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _empty_cache(clear_cache):  # noqa: F811
    yield
