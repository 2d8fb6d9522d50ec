"""django-axes hooks (settings.AXES_*): the lockout window and the client address.

The address follows `XINGPING_PROXY_HOPS` exactly as the public rate limits do
(`xingping.cases.ratelimit`): behind N trusted proxies it is the Nth address from the right
of X-Forwarded-For (what the outermost trusted proxy saw); without proxies REMOTE_ADDR.
Entries further left are written by the client and never trusted.
"""

import datetime

from django.conf import settings


def cool_off(request=None) -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "XINGPING_LOCKOUT_MINUTES", 30)))


def client_address(request) -> str | None:
    hops = int(getattr(settings, "XINGPING_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None  # None: no address (e.g. a request built in code)
