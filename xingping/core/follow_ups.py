"""Follow-ups: what another app can make of a record, offered on the record's page only to
those that app's policy lets do it (issue 13 part 10a: "turn this visit into a rectification
finding" was shown to inspectors and auditors and answered 404).

The app that owns the follow-up registers it from its `permissions.py`, next to its policy:

    register_follow_up("outreach.visit", key="finding", label=_("Turn into a rectification finding"),
                       url=lambda visit: ..., allowed=lambda user, visit: policy.user_has_permission(...))

and the record's page asks `follow_ups_for(user, obj)`: core names no domain app, and the page's
app does not import the one above it (arrows point down)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xingping.core.discovery import discover


@dataclass(frozen=True)
class FollowUp:
    key: str
    label: object
    url: Callable  # url(obj) -> str
    allowed: Callable  # allowed(user, obj) -> bool: the owning app's policy


@dataclass(frozen=True)
class Offer:
    key: str
    label: str
    url: str


_FOLLOW_UPS: dict[str, dict[str, FollowUp]] = {}


def register_follow_up(object_type: str, *, key: str, label, url: Callable, allowed: Callable):
    _FOLLOW_UPS.setdefault(object_type, {})[key] = FollowUp(key=key, label=label, url=url, allowed=allowed)


def _registered(object_type: str) -> dict[str, FollowUp]:
    discover("permissions")
    return _FOLLOW_UPS.get(object_type, {})


def follow_ups_for(user, obj) -> list[Offer]:
    """The follow-ups `user` may start from `obj`, in registration order."""
    return [Offer(key=f.key, label=str(f.label), url=f.url(obj))
            for f in _registered(obj._meta.label_lower).values() if f.allowed(user, obj)]
