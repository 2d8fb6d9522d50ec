"""Complainants' privacy: masked in lists and exports, in full only to the handler and
the campaign office (docs/cases.md "Privacy")."""

from xingping.accounts.models import Role


def mask_phone(phone):
    """13812341234 → 138****1234; short numbers keep their last 2 digits."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "****" + phone[-4:]
    return "*" * (len(phone) - 2) + phone[-2:]


def mask_name(name):
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def can_see_contact(user, case):
    return user.has_role(Role.OFFICE) or (case.handler_id is not None and case.handler_id == user.pk)
