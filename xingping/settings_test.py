"""Settings for the test suite: the real settings, plain HTTP, a fast password hasher
(the real one costs ~0.2 s per user), and e-mail kept in memory."""

import os

os.environ.setdefault("XINGPING_HTTPS", "0")

from xingping.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Two-factor sign-in is switched off so that tests signing in with force_login keep
# working; the 2FA tests switch it on with override_settings (xingping/accounts/tests).
XINGPING_REQUIRE_2FA = False
