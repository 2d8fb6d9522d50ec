import contextlib
import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from xingping.testing import PASSWORD

LOGIN = "/accounts/login/"


@contextlib.contextmanager
def clock(moment):
    """Move the clock of Django (the session gate included) and django-axes to `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment), \
            mock.patch("axes.attempts.now", return_value=moment), \
            mock.patch("axes.handlers.proxy.now", return_value=moment):
        yield moment


def later(**delta):
    return clock(timezone.now() + datetime.timedelta(**delta))


def sign_in(client, username, password=PASSWORD, ip="10.1.1.1", **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip, **extra)


@pytest.fixture
def two_factor_on(settings):
    settings.XINGPING_REQUIRE_2FA = True
    return settings
