"""Plans, draws, inspectors and bad input, through the services and the `draw` command."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xingping.core.testing import frozen_today
from xingping.testing import UserFactory
from xingping.entities.testing import make_entity, make_visit
from xingping.oversight import draws, services
from xingping.oversight.models import Draw, Inspector, SpotCheck


@pytest.fixture(autouse=True)
def _today():
    with frozen_today(datetime.date(2026, 9, 10)):
        yield


def _inspectors(tree):
    names = []
    for unit, n in ((tree.county, 2), (tree.county2, 2), (tree.branch, 1)):
        for i in range(n):
            user = UserFactory(username=f"insp_{unit.code}_{i}", unit=unit, roles="staff")
            Inspector.objects.create(user=user)
            names.append(user.username)
    return names


def test_units_draw_follows_c10_and_inspectors_skip_the_targets_own_area(tree, campaign):
    _inspectors(tree)
    plan = services.spot_check_plan(actor=tree.office, campaign=campaign, title="抽查", pool_kind="units",
                                    unit=tree.city, level="station", seed_sha256=draws.sha256_hex("公开种子"),
                                    count=2, inspectors_per_target=2)
    assert plan.pool == ["HC01", "XN01", "XN02"]
    draw = services.spot_check_draw(actor=tree.office, plan=plan, seed="公开种子")
    assert draw.record == draws.record(seed="公开种子", pool=["HC01", "XN01", "XN02"], count=2)
    for target in draw.targets.all():
        homes = {u.unit.code for u in target.inspectors.all()}
        assert len(homes) >= 1 and target.inspectors.count() == 2
        assert not any(target.unit.path.startswith(u.unit.path) or u.unit.path.startswith(target.unit.path)
                       for u in target.inspectors.all() if u.unit.code != "XG")


def test_declared_conflict_and_too_few_inspectors_refuse_the_draw(tree, campaign):
    _inspectors(tree)
    # Everybody outside HC declares a conflict with HC01 → only HC's own inspectors remain, who are skipped.
    for entry in Inspector.objects.exclude(user__unit=tree.county2):
        entry.conflicts.add(tree.station3)
    plan = services.spot_check_plan(actor=tree.office, campaign=campaign, title="抽查", pool_kind="units",
                                    unit=tree.county2, level="station", seed_sha256=draws.sha256_hex("s"), count=1,
                                    inspectors_per_target=2)
    with pytest.raises(ValidationError):
        services.spot_check_draw(actor=tree.office, plan=plan, seed="s")
    assert not Draw.objects.exists()


def test_bad_input_is_refused_and_nothing_changes(tree, campaign):
    with pytest.raises(ValidationError):  # empty pool
        services.spot_check_plan(actor=tree.office, campaign=campaign, title="t", pool_kind="entities",
                                 unit=tree.city, seed_sha256=draws.sha256_hex("s"), count=1)
    for ratio in (0, 1.5, -0.1):
        with pytest.raises(ValidationError):
            services.spot_check_plan(actor=tree.office, campaign=campaign, title="t", pool_kind="units",
                                     unit=tree.city, seed_sha256=draws.sha256_hex("s"), ratio=ratio)
    assert not SpotCheck.objects.exists()
    plan = services.spot_check_plan(actor=tree.office, campaign=campaign, title="t", pool_kind="units",
                                    unit=tree.city, seed_sha256=draws.sha256_hex("s"), ratio=0.5)
    with pytest.raises(ValidationError):  # the seed does not match the commitment
        services.spot_check_draw(actor=tree.office, plan=plan, seed="other")
    draw = services.spot_check_draw(actor=tree.office, plan=plan, seed="s")
    with pytest.raises(ValidationError):  # a published draw is never re-drawn
        services.spot_check_draw(actor=tree.office, plan=plan, seed="s")
    assert Draw.objects.get() == draw and draw.targets.count() == plan.count == 4  # ceil(0.5 × 7)


def test_command_new_export_verify(tree, campaign, tmp_path, capsys):
    e1, e2 = make_entity(tree.station), make_entity(tree.station2)
    make_visit(e1, tree.station_staff, datetime.date(2026, 7, 5))
    make_visit(e2, tree.station2_staff, datetime.date(2026, 8, 5), kind="return")
    call_command("draw", "new", "--campaign", campaign.slug, "--pool", "visits", "--unit", "XN", "--count", "1",
                 "--seed", "2026-09-10 上证收盘")
    draw_id = capsys.readouterr().out.strip()
    out = tmp_path / "draw.json"
    call_command("draw", "export", draw_id, "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == list(draws.RECORD_KEYS)
    assert sorted(data["pool"]) == sorted([f"{e1.uscc}|xn01_staff|2026-07-05|visit",
                                           f"{e2.uscc}|xn02_staff|2026-08-05|return"])
    call_command("draw", "verify", str(out))
    data["selected"] = [m for m in data["pool"] if m not in data["selected"]]
    out.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("draw", "verify", str(out))
    assert exc.value.code == 1
    assert "selected[0]" in capsys.readouterr().err


def test_command_refuses_an_empty_pool_in_chinese(tree, campaign):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="池为空|抽取"):
        call_command("draw", "new", "--campaign", campaign.slug, "--pool", "entities", "--count", "1", "--seed", "x")


def test_draw_command_refusals_are_chinese(tree, campaign, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="^抽取记录 999999 不存在。$"):
        call_command("draw", "export", "999999", "-o", str(tmp_path / "x.json"))
