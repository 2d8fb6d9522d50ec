"""A per-client-address rate limit for the public pages, on Django's cache framework.

The default cache (local memory) counts per server process: a production deployment with
several app servers needs a shared cache (e.g. `django.core.cache.backends.db.DatabaseCache`
or Redis) for the limit to hold across them (docs/cases.md). The limits are
`XINGPING_PUBLIC_RATE_LIMIT` (submissions, default "5/3600": 5 per hour) and
`XINGPING_LOOKUP_RATE_LIMIT` (tracking look-ups, default "60/3600"), read from settings or
the environment, and `XINGPING_SEARCH_RATE_LIMIT` (the public office picker's suggestions,
one request a pause in typing; default "300/3600")."""

import os

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"submit": ("XINGPING_PUBLIC_RATE_LIMIT", "5/3600"), "lookup": ("XINGPING_LOOKUP_RATE_LIMIT", "60/3600"),
            "search": ("XINGPING_SEARCH_RATE_LIMIT", "300/3600")}


def limit_for(bucket):
    name, default = DEFAULTS[bucket]
    spec = getattr(settings, name, None) or os.environ.get(name) or default
    count, seconds = spec.split("/")
    return int(count), int(seconds)


def client_address(request):
    """The client's address. Behind N trusted proxies (settings.XINGPING_PROXY_HOPS, e.g. 1
    for nginx in front of gunicorn) it is the Nth address from the right of
    X-Forwarded-For — the one the outermost trusted proxy saw; entries further left are
    set by the client and cannot be trusted. Without proxies it is REMOTE_ADDR."""
    hops = int(getattr(settings, "XINGPING_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, bucket):
    """Count one hit; False once the client is over the limit for the window."""
    count, seconds = limit_for(bucket)
    key = f"xingping:rl:{bucket}:{client_address(request)}"
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired in between
        cache.add(key, 1, timeout=seconds)
        return True
    return hits <= count
