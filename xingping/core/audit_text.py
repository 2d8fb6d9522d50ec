"""The words the audit log is read in (issue 13 part 9): actions, recorded keys that are not
model fields, object types without a model, actors that are not accounts, and the short
`key=value` tokens some notes carry. Every label is a lazy gettext string, so the page is in
the reader's language; apps add their own words (`register_action_labels`,
`register_field_labels`) from their `permissions.py` — core names no domain app.

A code with no label is shown as a plain "other action" / "other detail" in words, never as
the code (tests/test_audit_text.py scans the sources for actions without a label)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- actions ---------------------------------------------------------------------------

#: generic verbs: an action "x.verb" without its own label reads as its verb
VERBS = {
    "create": pgettext_lazy("audit action", "Created"),
    "update": pgettext_lazy("audit action", "Edited"),
    "language_set": pgettext_lazy("audit action", "Language chosen"),
    "correct": pgettext_lazy("audit action", "Corrected"),
    "delete": pgettext_lazy("audit action", "Deleted"),
    "attach": pgettext_lazy("audit action", "Attachment added"),
    "detach": pgettext_lazy("audit action", "Attachment removed"),
    "submit": pgettext_lazy("audit action", "Submitted"),
    "return": pgettext_lazy("audit action", "Returned"),
    "accept": pgettext_lazy("audit action", "Accepted"),
    "import": pgettext_lazy("audit action", "Imported"),
    "verify": pgettext_lazy("audit action", "Verified"),
    "publish": pgettext_lazy("audit action", "Published"),
    "open": pgettext_lazy("audit action", "Opened"),
    "close": pgettext_lazy("audit action", "Closed"),
    "complete": pgettext_lazy("audit action", "Completed"),
    "answer": pgettext_lazy("audit action", "Answered"),
    "progress": pgettext_lazy("audit action", "Progress reported"),
    "view": pgettext_lazy("audit action", "Viewed"),
    "login": pgettext_lazy("audit action", "Signed in"),
    "logout": pgettext_lazy("audit action", "Signed out"),
    "login_failed": pgettext_lazy("audit action", "Sign-in failed"),
    "lockout": pgettext_lazy("audit action", "Account locked after failed sign-ins"),
    "export": pgettext_lazy("audit action", "Exported"),
    "import-start": pgettext_lazy("audit action", "Import started"),
    "set": pgettext_lazy("audit action", "Set"),
    "met": pgettext_lazy("audit action", "Met in person"),
    "assign": pgettext_lazy("audit action", "Assigned"),
    "sample": pgettext_lazy("audit action", "Sample drawn for verification"),
    "draw": pgettext_lazy("audit action", "Drawn at random"),
    "plan": pgettext_lazy("audit action", "Plan made"),
    "reviewed": pgettext_lazy("audit action", "Reviewed"),
    "issued": pgettext_lazy("audit action", "Issued"),
    "finding": pgettext_lazy("audit action", "Turned into a finding"),
    "veto": pgettext_lazy("audit action", "Veto recorded"),
    "veto_proposed": pgettext_lazy("audit action", "Veto proposed"),
    "consequences": pgettext_lazy("audit action", "Consequences decided"),
    "revise": pgettext_lazy("audit action", "Revised"),
    "refund": pgettext_lazy("audit action", "Refunded"),
    "recompute": pgettext_lazy("audit action", "Recomputed"),
    "print_paper": pgettext_lazy("audit action", "Paper ballots printed"),
    "paper_entry": pgettext_lazy("audit action", "Paper ballot entered"),
    "issue_tokens": pgettext_lazy("audit action", "Ballot codes issued"),
    "milestone": pgettext_lazy("audit action", "Milestone recorded"),
    "finish": pgettext_lazy("audit action", "Finished"),
    "entity_confirm": pgettext_lazy("audit action", "Confirmed by the entity visited"),
    "disclose": pgettext_lazy("audit action", "Disclosed"),
    "agenda": pgettext_lazy("audit action", "Agenda moved on"),
    "backup": pgettext_lazy("audit action", "Backup made"),
    "purge": pgettext_lazy("audit action", "Old rows purged"),
    "password_change": pgettext_lazy("audit action", "Password changed"),
    "account_enable": pgettext_lazy("audit action", "Account enabled"),
    "account_disable": pgettext_lazy("audit action", "Account disabled"),
    "sessions_end": pgettext_lazy("audit action", "Signed out everywhere"),
    "otp_enrol": pgettext_lazy("audit action", "Second factor set up"),
    "otp_enrol_failed": pgettext_lazy("audit action", "Second factor set-up failed"),
    "otp_verified": pgettext_lazy("audit action", "Second factor passed"),
    "otp_failed": pgettext_lazy("audit action", "Second factor failed"),
    "otp_remove": pgettext_lazy("audit action", "Second factor removed"),
    "otp_recovery_renew": pgettext_lazy("audit action", "Recovery codes renewed"),
    "access.denied": pgettext_lazy("audit action", "Access refused"),
    "checkpoint": pgettext_lazy("audit action", "Checkpoint"),
}
OTHER_ACTION = pgettext_lazy("audit action", "Other action")

_ACTION_LABELS: dict[str, object] = {}


def register_action_labels(labels: dict):
    """Apps name their own actions, lazily translated."""
    _ACTION_LABELS.update(labels)


def known_action(action: str) -> bool:
    return action in _ACTION_LABELS or action in VERBS or action.rsplit(".", 1)[-1] in VERBS


def action_text(action: str) -> str:
    if action in _ACTION_LABELS:
        return str(_ACTION_LABELS[action])
    label = VERBS.get(action) or VERBS.get(action.rsplit(".", 1)[-1])
    return str(label if label is not None else OTHER_ACTION)


# --- recorded keys that are not model fields -------------------------------------------------

GENERIC_KEYS = {
    "": _("value"),
    "rows": _("rows"),
    "created": _("new"),
    "existing": _("already there"),
    "file": _("file"),
    "path": _("page"),
    "method": _("request method"),
    "action": _("requested action"),
    "recovery_codes": _("recovery codes"),
    "drawn": _("number drawn"),
    "rate": _("proportion"),
    "seed": _("random seed"),
    "selected": _("drawn"),
    "inspectors": _("inspectors"),
    "visit": _("visit"),
    "rating": _("rating"),
    "reason": _("reason"),
    "before": _("before"),
}
OTHER_KEY = _("other detail")
#: actions whose recorded details describe the request, not fields of the object
EVENT_ACTIONS = frozenset({"access.denied", "export", "import", "audit.purge"})
#: values of those details that are codes
DETAIL_VALUES = {
    ("action", "view"): pgettext_lazy("policy action", "view"),
    ("action", "change"): pgettext_lazy("policy action", "change"),
    ("action", "delete"): pgettext_lazy("policy action", "delete"),
}
_FIELD_LABELS: dict[str, dict] = {}


def register_field_labels(object_type: str, labels: dict):
    """Labels of keys an app records that are not fields of the model (e.g. a draw's
    `selected`), for rows about `object_type` (a model label, "outreach.visit")."""
    _FIELD_LABELS.setdefault(object_type, {}).update(labels)


def key_label(object_type: str, key: str) -> str:
    label = _FIELD_LABELS.get(object_type, {}).get(key)
    if label is None:
        label = GENERIC_KEYS.get(key, OTHER_KEY)
    return str(label)


def detail_text(key: str, value) -> str | None:
    label = DETAIL_VALUES.get((key, value)) if isinstance(value, str) else None
    return str(label) if label is not None else None


# --- object types without a model -------------------------------------------------------

def plain_type_label(object_type: str, import_kinds: dict) -> str:
    """A label for an object type that names no model: downloads, imports, sign-ins."""
    if object_type == "download":
        return str(_("Download"))
    if object_type.startswith("import."):
        kind = object_type.split(".", 1)[1]
        model = getattr(import_kinds.get(kind), "model", None)
        what = model._meta.verbose_name_plural if model is not None else kind
        return f"{_('Import')}：{what}"
    if object_type in ("", "-"):
        return ""
    return str(_("Other record"))


# --- actors that are not accounts -------------------------------------------------------

ACTOR_NAMES = {
    "system": _("the system"),
    "cli": _("command line"),
    "public": _("the public"),
    "anonymous": _("someone not signed in"),
}


def actor_name_text(name: str) -> str:
    """`actor_name` of a row without an account, in words: the system, the command line
    (`cli:USER` names the server account), the public, or the username typed at a failed
    sign-in (shown as typed)."""
    name = name or "system"
    if name in ACTOR_NAMES:
        return str(ACTOR_NAMES[name])
    if name.startswith("cli:"):
        return f"{ACTOR_NAMES['cli']}（{name[4:]}）"
    return name


# --- notes: a few `key=value` tokens written by sign-in and access rows -------------------

NOTE_KEYS = {"ip": "IP", "by": _("by"), "2fa": _("second factor")}
NOTE_VALUES = {
    ("2fa", "enrol"): _("to be set up"),
    ("2fa", "pending"): _("to be entered"),
}
NOTE_WORDS = {"totp": _("with the authenticator app"), "recovery": _("with a recovery code")}
_TOKEN = re.compile(r"^([a-z0-9_]+)=(\S*)$")


def note_text(note: str) -> str:
    if not note:
        return ""
    words = []
    for word in note.split(" "):
        m = _TOKEN.match(word)
        if m and m.group(1) in NOTE_KEYS:
            key, value = m.groups()
            value = NOTE_VALUES.get((key, value), value)
            words.append(f"{NOTE_KEYS[key]}：{value}")
        elif word in NOTE_WORDS:
            words.append(str(NOTE_WORDS[word]))
        else:
            words.append(word)
    return " ".join(words)
