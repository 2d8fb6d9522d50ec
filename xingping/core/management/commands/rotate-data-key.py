"""`xingping rotate-data-key --new-key KEY` (issue 9 part 5, docs/encryption.md).

Re-encrypts every encrypted value of every model (core.fields.EncryptedTextField) under
the new key and recomputes every blind index with it, in one transaction: either all
values move or none. Values already under the new key (their key id says so) are only
re-hashed, so running it again after an interruption, or after app servers wrote with
the new key, finishes the job. `--status` counts values per key id (and any plaintext
left), so a rotation can be verified. A key kept in var/data_key is replaced there
(the old one kept beside it); a key from the environment must then be changed there.
"""

import datetime
import sys

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from xingping.core import crypto
from xingping.core.fields import BlindIndexField, EncryptedTextField

BATCH = 1000


def encrypted_columns():
    """(model, [encrypted field, …], {field name: its blind index field}) for every model."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            hashes = {f.source: f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)}
            yield model, fields, hashes


def _rows(model, fields):
    q = connection.ops.quote_name
    cols = ", ".join(q(f.column) for f in fields)
    pk = q(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {cols} FROM {q(model._meta.db_table)} ORDER BY {pk}")
        while rows := cursor.fetchmany(BATCH):
            yield from rows


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Re-encrypt personal data under a new SM4 data key (and re-hash the look-up indexes)."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", help="the new 128-bit key: 32 hex digits or base64 (see --generate)")
        parser.add_argument("--generate", action="store_true", help="print a new random key and exit")
        parser.add_argument("--status", action="store_true", help="count values per key id and exit")

    def handle(self, new_key=None, generate=False, status=False, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if generate:
            self.stdout.write(crypto.new_key_text())
            return
        if status:
            return self.status()
        if not new_key:
            self.fail(_("Give the new key with --new-key (xingping rotate-data-key --generate prints one)."))
        try:
            new = crypto.parse_key(new_key)
        except ValueError as exc:
            self.fail(str(exc))
        old = crypto.keyring()
        target = crypto.Keyring(new, [*old.keys.values()])
        try:
            counts = self.rotate(old, target)
        except crypto.DecryptionError as exc:
            self.fail(_("Nothing was changed: %(error)s") % {"error": exc})
        self.save_key(new_key.strip(), old)
        for label, moved, rehashed in counts:
            self.stdout.write(_("%(table)s: %(moved)d values re-encrypted, %(hashed)d look-up hashes rewritten.")
                              % {"table": label, "moved": moved, "hashed": rehashed})
        self.stdout.write(_("All personal data is now under data key %(kid)s.") % {"kid": target.current_id})

    def fail(self, message):
        self.stderr.write(message)
        sys.exit(1)

    @transaction.atomic
    def rotate(self, old, target):
        q = connection.ops.quote_name
        counts = []
        for model, fields, hashes in encrypted_columns():
            pk = q(model._meta.pk.column)
            sets = []
            for f in fields:
                sets.append(f"{q(f.column)} = %s")
                if f.name in hashes:
                    sets.append(f"{q(hashes[f.name].column)} = %s")
            sql = f"UPDATE {q(model._meta.db_table)} SET {', '.join(sets)} WHERE {pk} = %s"
            moved = rehashed = 0
            updates = []
            for row in _rows(model, fields):
                params = []
                for f, stored in zip(fields, row[1:]):
                    if crypto.is_encrypted(stored):
                        plain = target.decrypt(stored, f.context)
                        if crypto.stored_key_id(stored) != target.current_id:
                            stored = target.encrypt(plain, f.context)
                            moved += 1
                    else:  # plaintext left from before the migration, or empty
                        plain = stored or ""
                        if plain:
                            stored = target.encrypt(plain, f.context)
                            moved += 1
                    params.append(stored)
                    if f.name in hashes:
                        params.append(target.blind_index(plain, f.normalise))
                        rehashed += 1 if plain else 0
                updates.append([*params, row[0]])
                if len(updates) >= BATCH:
                    self._execute(sql, updates)
                    updates = []
            self._execute(sql, updates)
            counts.append((model._meta.label_lower, moved, rehashed))
        return counts

    @staticmethod
    def _execute(sql, updates):
        if updates:
            with connection.cursor() as cursor:
                cursor.executemany(sql, updates)

    def save_key(self, new_text, old):
        path = getattr(settings, "XINGPING_DATA_KEY_FILE", None)
        if path is None:
            self.stdout.write(_("Now set XINGPING_DATA_KEY to the new key on every server (and keep the old key in "
                                "XINGPING_DATA_KEYS_OLD until they all run with it)."))
            return
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        keep = path.with_name(f"{path.name}.{old.current_id}.{stamp}")
        keep.write_text(settings.XINGPING_DATA_KEY)
        keep.chmod(0o600)
        tmp = path.with_name(path.name + ".new")
        tmp.write_text(new_text)
        tmp.chmod(0o600)
        tmp.replace(path)
        settings.XINGPING_DATA_KEY = new_text
        self.stdout.write(_("The new key is in %(path)s; the old one was kept in %(old)s.") % {"path": path, "old": keep})

    def status(self):
        for model, fields, _hashes in encrypted_columns():
            for i, f in enumerate(fields, start=1):
                per_key, plain = {}, 0
                for row in _rows(model, fields):
                    stored = row[i]
                    if crypto.is_encrypted(stored):
                        kid = crypto.stored_key_id(stored)
                        per_key[kid] = per_key.get(kid, 0) + 1
                    elif stored:
                        plain += 1
                parts = [f"{kid}={n}" for kid, n in sorted(per_key.items())] + [f"plaintext={plain}"]
                self.stdout.write(f"{f.context}\t" + "\t".join(parts))
        self.stdout.write(f"current\t{crypto.keyring().current_id}")
