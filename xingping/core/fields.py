"""Model fields for personal data encrypted at rest (core/crypto.py, docs/encryption.md).

    complainant_phone = EncryptedTextField(_("complainant's phone"), max_length=30, blank=True,
                                           normalise=normalise_phone, mask=mask_phone)
    complainant_phone_hash = BlindIndexField(source="complainant_phone")

Reads are transparent (the attribute holds the plaintext); the database column holds
only ciphertext. The only lookups are `isnull` and `exact` with an empty value: an
equality on ciphertext (a fresh IV every time) could never match, so it is refused;
look values up through the blind index (`Model.objects.filter(<field>_hash=blind_index(v))`).
Writes that bypass `Model.save()`/`bulk_create` (`QuerySet.update`, `bulk_update`)
encrypt but do not refresh the blind index: set both (services do).
"""

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from xingping.core import crypto


class EncryptedTextField(models.TextField):
    """SM4-GCM at rest; `max_length` limits the plaintext; `mask` is how the audit log
    (core.audit.snapshot) records the value: masked, never in clear."""

    encrypted = True

    def __init__(self, *args, normalise=None, mask=None, **kwargs):
        self.normalise = normalise
        self.mask = mask
        super().__init__(*args, **kwargs)

    @property
    def context(self):
        return f"{self.model._meta.label_lower}.{self.name}"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "xingping.core.fields.EncryptedTextField", args, kwargs

    def from_db_value(self, value, expression, connection):
        if crypto.is_encrypted(value):
            return crypto.keyring().decrypt(value, self.context)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or crypto.is_encrypted(value):
            return value
        return crypto.keyring().encrypt(value, self.context)

    def audit_value(self, value):
        if not value:
            return value or ""
        return self.mask(value) if self.mask else "***"

    def get_lookup(self, lookup_name):
        if lookup_name in ("exact", "isnull"):
            return {"exact": EncryptedExact, "isnull": IsNull}[lookup_name]
        raise FieldError(f"{self.context} is encrypted: look it up through its blind index")


class EncryptedExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.context} is encrypted: look it up through its blind index")
        return super().get_prep_lookup()


class BlindIndexField(models.CharField):
    """The keyed hash of another field's normalised plaintext, kept in step on save."""

    audit_skip = True

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, "xingping.core.fields.BlindIndexField", args, kwargs

    def pre_save(self, model_instance, add):
        source = model_instance._meta.get_field(self.source)
        plain = getattr(model_instance, source.attname)
        if plain is not None and not isinstance(plain, str):  # DatabaseDefault: the column's default ("")
            return super().pre_save(model_instance, add)
        value = crypto.blind_index(plain or "", source.normalise)
        setattr(model_instance, self.attname, value)
        return value


# ---------------------------------------------------------------- data migrations

NORMALISERS = {"phone": crypto.normalise_phone, "id_number": crypto.normalise_id_number}


def _normaliser(field_name):
    return next((f for suffix, f in NORMALISERS.items() if field_name.endswith(suffix)), None)


def encrypt_existing(model, field_names, batch_size=1000):
    """Migration helper: encrypt every plaintext value of `field_names` (historical
    model) and fill their blind indexes. Idempotent: a value already encrypted is read
    back (decrypted) and written again."""
    names = list(field_names)
    updates = names + [f"{n}_hash" for n in names]
    batch = []
    qs = model.objects.only("pk", *names).order_by("pk")
    for obj in qs.iterator(chunk_size=batch_size):
        if not any(getattr(obj, n) for n in names):
            continue
        for n in names:
            setattr(obj, f"{n}_hash", crypto.blind_index(getattr(obj, n) or "", _normaliser(n)))
        batch.append(obj)
        if len(batch) >= batch_size:
            model.objects.bulk_update(batch, updates)
            batch = []
    if batch:
        model.objects.bulk_update(batch, updates)


def decrypt_to_plaintext(model, field_names, schema_editor):
    """Reverse of `encrypt_existing` (before the column goes back to a plain one)."""
    quote = schema_editor.connection.ops.quote_name
    table = quote(model._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for obj in model.objects.only("pk", *field_names).order_by("pk").iterator(chunk_size=1000):
            for n in field_names:
                sql = f"UPDATE {table} SET {quote(n)} = %s WHERE {quote('id')} = %s"  # nosec B608: quoted model names, values bound
                cursor.execute(sql, [getattr(obj, n) or "", obj.pk])
