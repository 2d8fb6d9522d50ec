# The project fixtures live in xingping/conftest.py; the tests here use the same ones.
from xingping.conftest import _media_root, campaign, chromium, page, phone_page, tree  # noqa: F401
