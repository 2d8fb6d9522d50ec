"""Fixtures for every app's tests (per-app fixtures live in each app's tests/)."""

import pytest

from xingping.core.testing import Tree, make_campaign


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINGPING_HTTPS = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def campaign(db):
    return make_campaign()
