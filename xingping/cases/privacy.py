"""Complainants' privacy: masked in lists and exports, in full only to the handler and
the campaign office (docs/cases.md "Privacy")."""

from xingping.accounts.models import Role
from xingping.core.masking import mask_id_number, mask_phone

__all__ = ["can_see_contact", "id_number_problem", "mask_id_number", "mask_name", "mask_phone"]

# GB 11643-1999: weights of the first 17 digits and the check character for sum % 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def mask_name(name):
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def can_see_contact(user, case):
    return user.has_role(Role.OFFICE) or (case.handler_id is not None and case.handler_id == user.pk)


def id_number_problem(number):
    """Why `number` is not a resident ID number (18 characters, GB 11643 check
    character; the old 15-digit form is accepted), or "" when it is one."""
    from django.utils.translation import gettext as _

    number = (number or "").strip().upper()
    if not number:
        return ""
    if len(number) == 15 and number.isdigit():
        return ""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return _("An ID number has 18 characters: 17 digits and a digit or X.")
    check = ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS)) % 11]
    if number[17] != check:
        return _("The ID number's check character is wrong.")
    return ""
