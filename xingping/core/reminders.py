"""Reminder sources for `xingping remind`. Each app registers a function in its
`reminder_defs.py`:

    @register_reminder("cases")
    def due_cases(campaign, as_of, days):
        # Return {unit_pk: {"overdue": [str, ...], "upcoming": [str, ...]}}: one line of
        # text per item (already translated), for items overdue as of `as_of` and items
        # due within `days` days (cases: working days) after it.
        ...

The `remind` command merges every source per unit, prints it and e-mails each unit's
leaders (and the campaign office a summary) through Django's e-mail backend.
"""

from xingping.core.discovery import discover

REMINDERS = {}


def register_reminder(name):
    def decorator(func):
        REMINDERS[name] = func
        return func

    return decorator


def reminders():
    discover("reminder_defs")
    return REMINDERS
