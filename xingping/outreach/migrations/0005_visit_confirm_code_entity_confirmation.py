import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import xingping.outreach.models


def fill_codes(apps, schema_editor):
    Visit = apps.get_model("outreach", "Visit")
    used = set()
    batch = []
    for visit in Visit.objects.filter(confirm_code__isnull=True).only("pk").iterator():
        code = xingping.outreach.models.new_confirm_code()
        while code in used:
            code = xingping.outreach.models.new_confirm_code()
        used.add(code)
        visit.confirm_code = code
        batch.append(visit)
        if len(batch) >= 1000:
            Visit.objects.bulk_update(batch, ["confirm_code"])
            batch = []
    if batch:
        Visit.objects.bulk_update(batch, ["confirm_code"])


class Migration(migrations.Migration):
    dependencies = [("outreach", "0004_remove_visit_visit_figures_visit_visit_coverage_scan")]

    operations = [
        migrations.AddField(model_name="visit", name="confirm_code",
                            field=models.CharField(max_length=12, null=True, editable=False,
                                                   verbose_name="confirmation code")),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(model_name="visit", name="confirm_code",
                              field=models.CharField(default=xingping.outreach.models.new_confirm_code, editable=False,
                                                     max_length=12, unique=True, verbose_name="confirmation code")),
        migrations.CreateModel(
            name="EntityConfirmation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("confirmed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="confirmed at")),
                ("rating", models.PositiveSmallIntegerField(blank=True, choices=[(5, "Very satisfied"), (4, "Satisfied"), (3, "Fairly satisfied"), (2, "Dissatisfied"), (1, "Very dissatisfied")], null=True, verbose_name="rating")),
                ("comment", models.CharField(blank=True, max_length=500, verbose_name="comment")),
                ("visit", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="entity_confirmation", to="outreach.visit", verbose_name="visit")),
            ],
            options={"verbose_name": "entity confirmation", "verbose_name_plural": "entity confirmations",
                     "constraints": [models.CheckConstraint(condition=models.Q(("rating__isnull", True), models.Q(("rating__gte", 1), ("rating__lte", 5)), _connector="OR"), name="entity_confirmation_rating_1_5")]},
        ),
    ]
