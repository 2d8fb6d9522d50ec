"""Audit rows for sign-in events: login, logout, failed login, lockout, second factor,
password change. They go through `core.audit.record` whenever there is an account to
name; an attempt for a username that does not exist has none, so that row is written as
an AuditEvent directly (a tiny local helper until core offers `record_event`).

A failed attempt names the username typed as the actor (not the account's owner: anyone
can type it) and the client address in the note."""

from xingping.accounts.lockout import client_address
from xingping.core.audit import record
from xingping.core.models import AuditEvent


def _note(request, note):
    address = client_address(request) if request is not None else ""
    return " ".join(p for p in (note, f"ip={address}" if address else "") if p)


def record_signin(*, action: str, request=None, user=None, username: str = "", by_owner: bool = True,
                  note: str = "", old=None, new=None, actor=None):
    """One audit row for a sign-in event. `by_owner` False: the account's owner did not
    necessarily act (a failed attempt, a lockout), so the typed username is the actor.
    `actor`: someone else acted on the account (the office disabling it)."""
    note = _note(request, note)
    if user is not None and user.pk:
        if actor is None:
            actor = user if by_owner else (username or user.get_username())
        return record(actor=actor, action=action, obj=user, unit=user.unit, note=note, old=old, new=new)
    return AuditEvent.objects.create(
        actor=None, actor_name=(username or "anonymous")[:150], action=action,
        object_type="accounts.user", object_id="", object_repr=(username or "")[:200], note=note,
    )
