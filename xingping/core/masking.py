"""Masks for personal data, shared by every app that shows it (the rules of
docs/cases.md "Privacy"; cases/privacy.py re-exports them)."""


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; short numbers keep their last 2 digits."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "****" + phone[-4:]
    return "*" * (len(phone) - 2) + phone[-2:]


def mask_id_number(number: str) -> str:
    """420102199001011234 → 420102********1234 (region code and last 4 kept)."""
    number = (number or "").strip()
    if not number:
        return ""
    if len(number) >= 12:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * (len(number) - 2) + number[-2:]
