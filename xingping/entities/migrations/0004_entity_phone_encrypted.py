"""Personal data SM4-encrypted at rest (issue 9 part 5, docs/encryption.md): the columns
become ciphertext with a blind index beside them; existing rows are encrypted here."""

from django.db import migrations

import xingping.core.fields

FIELDS = ['phone']


def encrypt(apps, schema_editor):
    xingping.core.fields.encrypt_existing(apps.get_model("entities", "MarketEntity"), FIELDS)


def decrypt(apps, schema_editor):
    xingping.core.fields.decrypt_to_plaintext(apps.get_model("entities", "MarketEntity"), FIELDS, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('entities', '0003_remove_marketentity_entity_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='marketentity',
            name='phone_hash',
            field=xingping.core.fields.BlindIndexField(blank=True, db_default='', db_index=True, default='', editable=False, max_length=64, source='phone'),
        ),
        migrations.AlterField(
            model_name='marketentity',
            name='phone',
            field=xingping.core.fields.EncryptedTextField(blank=True, db_default='', max_length=40, verbose_name='phone'),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
