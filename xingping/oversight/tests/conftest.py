import pytest

from xingping.entities.testing import clear_cache, data  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _empty_cache(clear_cache):  # noqa: F811
    yield


@pytest.fixture
def ovs(tree, campaign, data):  # noqa: F811
    """A drawn spot check of XN's stations, an inspection of XN01 by a drawn inspector (hc_leader),
    a photo, an issued public notice, an accountability record."""
    import datetime

    from django.core.files.base import ContentFile

    from xingping.core.testing import frozen_today
    from xingping.oversight import draws, services
    from xingping.oversight.models import Inspector, Photo, Target

    with frozen_today(datetime.date(2026, 9, 10)):
        Inspector.objects.create(user=tree.other_county_leader)
        plan = services.spot_check_plan(actor=tree.office, campaign=campaign, title="抽查", pool_kind="units",
                                        unit=tree.county, level="station", seed_sha256=draws.sha256_hex("s"), count=1)
        draw = services.spot_check_draw(actor=tree.office, plan=plan, seed="s")
        target = Target.objects.get(draw=draw)
        target.inspectors.add(tree.other_county_leader)
        inspection = services.inspection_record(actor=tree.other_county_leader, unit=target.unit, mode="covert",
                                                inspected_on=datetime.date(2026, 9, 9), place="窗口",
                                                seen="窗口无人值守", problem_found=True, target=target)
        photo = Photo(inspection=inspection)
        photo.file.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 20), save=True)
        notice = services.notice_draft(actor=tree.office, campaign=campaign, kind="criticism", title="关于窗口的通报",
                                       number="孝行评〔2026〕3号", issuer="孝感市工商局", addressee="各县（市、区）局",
                                       body="窗口无人值守。", public=True)
        services.notice_advance(actor=tree.office, notice=notice)
        services.notice_advance(actor=tree.office, notice=notice)
        record = services.accountability_record(actor=tree.office, person="张三", unit=tree.station,
                                                cause="not_rectified", measure="admonishment", decider="市局党组",
                                                decided_on=datetime.date(2026, 9, 9))
    return {"plan": plan, "draw": draw, "target": target, "inspection": inspection, "photo": photo,
            "notice": notice, "record": record}
