"""Demo oversight data: the registers, a completed spot check of stations (drawn, inspected,
results published, one finding), an open falsification check of XN's visit records (drawn,
one record confirmed), two notices (one public criticism, one internal commendation) and an
accountability record. Idempotent: nothing is added once the campaign has spot checks."""

import datetime

from django.utils import timezone

from xingping.oversight import draws, services
from xingping.oversight.models import CheckItem, Inspector, PlanState, SpotCheck

ITEMS = [
    ("window-service", "窗口服务与政务公开", "《民主评议政风行风工作实施方案》", "明查暗访、查阅资料", "0.200", "units"),
    ("visit-records", "走访回访记录真实性", "实施方案 R14.3", "电话核实、实地核查", "0.050", "visits"),
    ("entity-supervision", "市场主体监管", "国发〔2019〕5号", "双随机抽查", "0.030", "entities"),
]
COMPLETED_SEED = "2026-08-03 孝感市行评办双随机抽查 公开种子 A7"
OPEN_SEED = "2026-09-15 走访记录核查 公开种子 Q3"
ISSUER = "孝感市工商行政管理局"


def load(ctx):
    campaign, users, units = ctx["campaign"], ctx["users"], ctx["units"]
    ctx["oversight_draws"] = list(SpotCheck.objects.filter(campaign=campaign).values_list("draw__pk", flat=True))
    if SpotCheck.objects.filter(campaign=campaign).exists():
        return
    office, inspector = users["office"], users["inspector"]
    for code, name, basis, method, ratio, pool in ITEMS:
        CheckItem.objects.get_or_create(code=code, defaults={"name": name, "basis": basis, "method": method,
                                                             "default_ratio": ratio, "pool_kind": pool})
    for county in units["counties"]:
        c = county.code.lower()
        for username in (f"{c}_staff", f"{c}_inspector"):
            Inspector.objects.get_or_create(user=users[username])
    if "xg_jjz_staff" in users:
        Inspector.objects.get_or_create(user=users["xg_jjz_staff"])
    Inspector.objects.get(user=users["hc_staff"]).conflicts.add(units["stations"][0])  # 回避: a relative at XN01

    today = timezone.localdate()
    city = units["city"]
    plan = services.spot_check_plan(
        actor=office, campaign=campaign, title="2026年窗口服务随机抽查", item=CheckItem.objects.get(code="window-service"),
        pool_kind="units", unit=city, level="station", seed_sha256=draws.sha256_hex(COMPLETED_SEED), count=3,
        inspectors_per_target=2)
    draw = services.spot_check_draw(actor=office, plan=plan, seed=COMPLETED_SEED)
    checked_on = min(today, campaign.first_day + datetime.timedelta(days=40))
    first = None
    for i, target in enumerate(draw.targets.select_related("unit").prefetch_related("inspectors")):
        who = target.inspectors.first() or inspector
        seen = ("窗口工作人员脱岗，办事群众等候超过二十分钟。" if i == 0
                else "窗口公示内容齐全，工作人员佩证上岗，服务规范。")
        inspection = services.inspection_record(
            actor=who, unit=target.unit, mode="covert" if i == 0 else "open", inspected_on=checked_on,
            place=f"{target.unit.name}办事大厅", seen=seen, answer="已责成当事人作出书面检查。" if i == 0 else "",
            problem_found=i == 0, target=target)
        services.inspection_publish(actor=office, inspection=inspection,
                                    published_on=checked_on + datetime.timedelta(days=10))
        if i == 0:
            first = inspection
            services.inspection_to_finding(actor=office, inspection=inspection, campaign=campaign)
    plan.state = PlanState.COMPLETED
    plan.save(update_fields=["state", "updated_at"])

    xn = units["counties"][0]
    open_plan = services.spot_check_plan(
        actor=office, campaign=campaign, title="孝南区局走访记录核查", item=CheckItem.objects.get(code="visit-records"),
        pool_kind="visits", unit=xn, seed_sha256=draws.sha256_hex(OPEN_SEED), ratio="0.05",
        date_from=campaign.first_day, date_to=min(today, campaign.last_day))
    open_draw = services.spot_check_draw(actor=office, plan=open_plan, seed=OPEN_SEED)
    sampled = open_draw.targets.filter(visit__isnull=False).first()
    if sampled is not None:
        services.target_verify(actor=office, target=sampled, outcome="confirmed", note="电话回访，企业确认走访属实")

    if first is not None:
        criticism = services.notice_from_inspection(actor=office, inspection=first, campaign=campaign,
                                                    number="孝工商行评〔2026〕5号", issuer=ISSUER)
        services.notice_advance(actor=office, notice=criticism)
        services.notice_advance(actor=office, notice=criticism, public=True,
                                issued_on=checked_on + datetime.timedelta(days=12))
        services.accountability_record(
            actor=office, person=f"{first.unit.name}窗口工作人员", unit=first.unit, cause="defiance",
            measure="criticism", decider="市局党组", decided_on=checked_on + datetime.timedelta(days=12),
            evidence="暗访记录及照片；孝工商行评〔2026〕5号通报", inspection=first)
    commendation = services.notice_draft(
        actor=office, campaign=campaign, kind="commendation", title="关于明查暗访中服务规范单位的通报",
        number="孝工商行评〔2026〕6号", issuer=ISSUER, addressee="各县（市、区）局，市局各科室",
        body="在2026年窗口服务随机抽查中，被抽查的多数单位窗口服务规范、公示齐全，予以通报表扬。")
    services.notice_advance(actor=office, notice=commendation)
    services.notice_advance(actor=office, notice=commendation, public=False,
                            issued_on=checked_on + datetime.timedelta(days=12))
    ctx["oversight_draws"] = [draw.pk, open_draw.pk]
