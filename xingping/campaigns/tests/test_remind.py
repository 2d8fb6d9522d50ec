"""`xingping remind`: per unit, overdue and due soon, from every source; e-mail with --send."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from xingping.campaigns import services
from xingping.core import reminders


def run(*args):
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def situation(tree, campaign, deliverables):
    """XN submitted its plan; HC has a draft; KFQ nothing. As of Aug 10: the plan (Aug 5)
    is overdue for HC and KFQ, the mobilisation summary (Aug 15) due within 7 days."""
    sub = services.submission_save_draft(actor=tree.county_staff, deliverable=deliverables["implementation_plan"],
                                         unit=tree.county, body="方案")
    services.submission_submit(actor=tree.county_leader, submission=sub)
    services.submission_save_draft(actor=tree.other_county_leader, deliverable=deliverables["implementation_plan"],
                                   unit=tree.county2, body="草稿")
    for user, email in ((tree.county_leader, "xn@example.cn"), (tree.other_county_leader, "hc@example.cn"),
                        (tree.office, "office@example.cn"), (tree.county_staff, "staff@example.cn")):
        user.email = email
        user.save()
    return campaign


def test_lists_overdue_and_due_soon_per_unit(situation):
    out = run("--campaign", situation.slug, "--as-of", "2026-08-10")
    hc = out[out.index("汉川市局 (HC)"):]
    assert "实施方案和工作计划" in hc.split("\n\n")[0]
    kfq = out[out.index("开发区分局 (KFQ)"):]
    assert "实施方案和工作计划" in kfq and "宣传发动阶段材料和总结" in kfq
    xn = out[out.index("孝南区局 (XN)"):].split("开发区分局")[0]
    assert "实施方案和工作计划" not in xn  # submitted: nothing to remind
    assert "宣传发动阶段材料和总结" in xn  # due Aug 15, within 7 days
    assert "XN01" not in out  # stations owe nothing until Sep 15
    assert mail.outbox == []  # printing only without --send


def test_days_widens_the_window(situation):
    assert "XN01" not in run("--campaign", situation.slug, "--as-of", "2026-09-01", "--days", "7")
    assert "XN01" in run("--campaign", situation.slug, "--as-of", "2026-09-01", "--days", "14")


def test_send_mails_each_units_leaders_and_the_office(situation):
    out = run("--campaign", situation.slug, "--as-of", "2026-08-10", "--send")
    by_to = {tuple(m.to): m for m in mail.outbox}
    assert set(by_to) == {("xn@example.cn",), ("hc@example.cn",), ("office@example.cn",)}
    assert "实施方案和工作计划" in by_to[("hc@example.cn",)].body
    assert "开发区分局" in by_to[("office@example.cn",)].body and "汉川市局" in by_to[("office@example.cn",)].body
    assert "staff@example.cn" not in {a for m in mail.outbox for a in m.to}
    assert "3" in out.splitlines()[-1]


def test_other_apps_sources_are_merged(situation, monkeypatch):
    tree_county2 = situation.deliverables.get(code="implementation_plan").submissions.get(unit__code="HC").unit

    def cases_source(campaign, as_of, days):
        return {tree_county2.pk: {"overdue": ["投诉 2026-001 超期未答复"], "upcoming": []}}

    reminders.reminders()
    monkeypatch.setitem(reminders.REMINDERS, "zz_cases", cases_source)
    out = run("--campaign", situation.slug, "--as-of", "2026-08-10")
    hc = out[out.index("汉川市局 (HC)"):].split("开发区分局")[0]
    assert "投诉 2026-001 超期未答复" in hc and "实施方案和工作计划" in hc


def test_nothing_due(tree, campaign):
    out = run("--campaign", campaign.slug, "--as-of", "2026-06-01")
    assert len(out.strip().splitlines()) == 2


@pytest.mark.parametrize("args", [["--as-of", "2026-13-01"], ["--campaign", "nope"], ["--days", "-1"]])
def test_bad_arguments_are_errors_not_tracebacks(campaign, args):
    with pytest.raises(CommandError):
        run(*args)


def test_default_campaign_and_date(tree, campaign):
    assert campaign.title in run()
    assert datetime.date.today().isoformat()[:4] in run()
