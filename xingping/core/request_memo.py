"""Values worked out once per request: `once_per_request(key, compute)`.

A page made of independent parts (the dashboard's sections) may ask the same question
several times: the figures' data version, for one, is a query (three MAX(id)) and a cache read,
and every section that shows a figure asks it. Inside a GET or HEAD request the answer is
kept for the rest of that request (`RequestMemoMiddleware`); a request that may write
(POST and the others) and code outside a request (commands, the worker) compute it every time,
so nothing ever reads a value from before its own write."""

import contextvars
from collections.abc import Callable
from typing import Any

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("xingping_request_memo", default=None)

SAFE_METHODS = ("GET", "HEAD")


def once_per_request(key: str, compute: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
