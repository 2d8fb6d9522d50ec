"""Personal data SM4-encrypted at rest (issue 9 part 5, docs/encryption.md): the columns
become ciphertext with a blind index beside them; existing rows are encrypted here."""

from django.db import migrations

import xingping.core.fields

FIELDS = ['complainant_phone']


def encrypt(apps, schema_editor):
    xingping.core.fields.encrypt_existing(apps.get_model("cases", "Case"), FIELDS)


def decrypt(apps, schema_editor):
    xingping.core.fields.decrypt_to_plaintext(apps.get_model("cases", "Case"), FIELDS, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_unit_next_due_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='complainant_id_number',
            field=xingping.core.fields.EncryptedTextField(blank=True, default='', max_length=18, verbose_name="complainant's ID number"),
        ),
        migrations.AddField(
            model_name='case',
            name='complainant_id_number_hash',
            field=xingping.core.fields.BlindIndexField(blank=True, db_index=True, default='', editable=False, max_length=64, source='complainant_id_number'),
        ),
        migrations.AddField(
            model_name='case',
            name='complainant_phone_hash',
            field=xingping.core.fields.BlindIndexField(blank=True, db_index=True, default='', editable=False, max_length=64, source='complainant_phone'),
        ),
        migrations.AlterField(
            model_name='case',
            name='complainant_phone',
            field=xingping.core.fields.EncryptedTextField(blank=True, max_length=30, verbose_name="complainant's phone"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
