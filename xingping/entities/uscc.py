"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters from `0-9A-HJ-NPQRTUWXY` (no I, O, Z, S, V); the 18th is a check character
computed from the first 17: the weighted sum (weights 3^i mod 31) of the character values,
check = 31 - (sum mod 31), where 31 becomes 0.
"""

from operator import mul

from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
VALID_CHARS = frozenset(ALPHABET)


def check_character(first17):
    """The GB 32100-2015 check character for 17 valid characters."""
    total = sum(map(mul, map(VALUES.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code):
    if not isinstance(code, str) or len(code) != LENGTH:
        return False
    if not VALID_CHARS.issuperset(code):
        return False
    return check_character(code[:17]) == code[17]


def problem(code):
    """Why `code` is not a valid USCC (in the reader's language), or None when it is."""
    if len(code) != LENGTH:
        return _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)}
    if VALID_CHARS.issuperset(code) and check_character(code[:17]) == code[17]:
        return None
    bad = sorted({c for c in code if c not in VALUES})
    if bad:
        return _("Invalid characters in the unified social credit code: %(chars)s.") % {"chars": "".join(bad)}
    return _("The check character should be %(c)s.") % {"c": check_character(code[:17])}
