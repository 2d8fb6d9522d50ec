"""Campaigns created before the disclosure figure existed get its target (C4: 1.00), as the
template now gives new ones."""

from django.db import migrations


def add_target(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.all():
        targets = campaign.rules.setdefault("targets", {})
        if "disclosure_on_time_rate" not in targets:
            targets["disclosure_on_time_rate"] = {"threshold": 1.0}
            campaign.save(update_fields=["rules"])


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial"), ("campaigns", "0001_initial")]
    operations = [migrations.RunPython(add_target, migrations.RunPython.noop)]
