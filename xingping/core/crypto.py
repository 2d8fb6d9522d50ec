"""Personal data encrypted at rest with SM4 (GB/T 32907-2016), issue 9 part 5.

A value is stored as `sm4g1$KID$BASE64` where BASE64 holds a random 96-bit IV, the
SM4-GCM ciphertext and its 128-bit tag; the associated data is the column's name
(`app_label.model.field`), so a ciphertext copied into another column does not decrypt.
KID is the key id (8 hex digits of an HMAC of the key), so every value says which key
encrypted it: `xingping rotate-data-key` re-encrypts only what is not under the new key
yet and `--status` shows how many values each key holds.

Beside each encrypted column a blind index (`<field>_hash`): HMAC-SHA256, under a key
derived from the data key, of the normalised value, for exact look-ups ("this
complainant's other cases") without decrypting anything.

Keys: `settings.XINGPING_DATA_KEY` (128 bits, hex or base64; from the environment
variable of that name, else generated once into var/data_key) encrypts; keys listed in
`XINGPING_DATA_KEYS_OLD` (comma-separated) still decrypt, for the minutes of a rotation.

An empty value stays empty (a form's "not given" must stay cheap to test); anything
else is never written in clear. A value read that is not in this format is returned as
it is (rows written before the migration that encrypts them) and counted by `--status`.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

PREFIX = "sm4g1"
IV_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 16


class DecryptionError(Exception):
    """A stored value cannot be decrypted: its key is not configured, or it was altered."""


def parse_key(text: str) -> bytes:
    """A 128-bit key written as 32 hex digits or as base64; ValueError otherwise."""
    text = (text or "").strip()
    if re.fullmatch(r"[0-9a-fA-F]{32}", text):
        return bytes.fromhex(text)
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ValueError(_("A data key is 128 bits: 32 hexadecimal digits or 24 characters of base64."))
    return raw


def new_key_text() -> str:
    return os.urandom(KEY_BYTES).hex()


def key_id(key: bytes) -> str:
    return hmac.new(key, b"xingping data key id", hashlib.sha256).hexdigest()[:8]


def _derive(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, b"xingping " + purpose, hashlib.sha256).digest()


class Keyring:
    def __init__(self, current: bytes, old=()):
        self.current = current
        self.current_id = key_id(current)
        self.keys = {key_id(k): k for k in (*old, current)}
        self.hash_key = _derive(current, b"blind index v1")

    def encrypt(self, plaintext: str, context: str) -> str:
        # cryptography is imported here, not at start-up: every model module imports this one
        # (normalise_phone, the fields), and most commands never encrypt (issue 14).
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        iv = os.urandom(IV_BYTES)
        enc = Cipher(algorithms.SM4(self.current), modes.GCM(iv)).encryptor()
        enc.authenticate_additional_data(context.encode())
        body = enc.update(plaintext.encode("utf-8")) + enc.finalize()
        return f"{PREFIX}${self.current_id}${base64.b64encode(iv + body + enc.tag).decode('ascii')}"

    def decrypt(self, stored: str, context: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        try:
            _prefix, kid, payload = stored.split("$", 2)
            raw = base64.b64decode(payload, validate=True)
        except (ValueError, binascii.Error):
            raise DecryptionError(_("A stored value is damaged and cannot be decrypted.")) from None
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionError(
                _("A stored value was encrypted with data key %(kid)s, which is not configured "
                  "(XINGPING_DATA_KEY, XINGPING_DATA_KEYS_OLD).") % {"kid": kid}
            )
        iv, body, tag = raw[:IV_BYTES], raw[IV_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        dec = Cipher(algorithms.SM4(key), modes.GCM(iv, tag)).decryptor()
        dec.authenticate_additional_data(context.encode())
        try:
            return (dec.update(body) + dec.finalize()).decode("utf-8")
        except (InvalidTag, ValueError):
            raise DecryptionError(_("A stored value is damaged and cannot be decrypted.")) from None

    def blind_index(self, value: str, normalise=None) -> str:
        value = normalise(value) if normalise else value
        if not value:
            return ""
        return hmac.new(self.hash_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def is_encrypted(stored) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX + "$")


def stored_key_id(stored) -> str | None:
    return stored.split("$", 2)[1] if is_encrypted(stored) and stored.count("$") >= 2 else None


@functools.lru_cache(maxsize=4)
def _keyring(current_text, old_texts):
    try:
        return Keyring(parse_key(current_text), [parse_key(t) for t in old_texts if t.strip()])
    except ValueError as exc:
        raise ImproperlyConfigured(f"XINGPING_DATA_KEY / XINGPING_DATA_KEYS_OLD: {exc}") from exc


def keyring() -> Keyring:
    old = getattr(settings, "XINGPING_DATA_KEYS_OLD", ())
    return _keyring(settings.XINGPING_DATA_KEY, tuple(old))


def blind_index(value: str, normalise=None) -> str:
    """The look-up hash of `value` under the configured key ("" for an empty value)."""
    return keyring().blind_index(value or "", normalise)


# ---------------------------------------------------------------- normalisers

def normalise_phone(value: str) -> str:
    """Digits only (and a leading +): `138 1234-5678` and `13812345678` are one number."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    return ("+" + digits) if value.startswith("+") and digits else digits


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()
