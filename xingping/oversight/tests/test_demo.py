"""The demo's oversight data loads twice without doubling, and every demo draw's exported
record verifies from the file alone."""

import pytest
from django.core.management import call_command

from xingping.core.management.commands.demo import load_demo
from xingping.oversight.models import Accountability, Draw, Notice, SpotCheck


@pytest.mark.django_db(transaction=True)
def test_demo_draws_verify_and_loading_twice_changes_nothing(tmp_path):
    load_demo()
    counts = (SpotCheck.objects.count(), Draw.objects.count(), Notice.objects.count(), Accountability.objects.count())
    assert counts == (2, 2, 2, 1)
    assert SpotCheck.objects.filter(state="completed").count() == 1
    load_demo()
    assert (SpotCheck.objects.count(), Draw.objects.count(), Notice.objects.count(),
            Accountability.objects.count()) == counts
    for draw in Draw.objects.all():
        path = tmp_path / f"draw-{draw.pk}.json"
        call_command("draw", "export", str(draw.pk), "-o", str(path))
        call_command("draw", "verify", str(path))  # exits 1 (SystemExit) on any difference
