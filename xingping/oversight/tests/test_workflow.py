"""Inspections, findings in one click, the publication deadline, falsification checks of visit
records, and the Word notice opened by LibreOffice."""

import datetime
import io
import json
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from xingping.core.testing import frozen_today
from xingping.entities.testing import make_entity, make_visit
from xingping.oversight import draws, services
from xingping.oversight.documents import notice_docx
from xingping.rectification.models import Finding

DAY = datetime.date(2026, 9, 10)


@pytest.fixture(autouse=True)
def _today():
    with frozen_today(DAY):
        yield


def test_finding_in_one_click_opens_the_five_clears_form(client, tree, ovs):
    client.force_login(tree.office)
    resp = client.post(f"/oversight/inspections/{ovs['inspection'].pk}/finding/")
    finding = Finding.objects.get(source="spot_check")
    assert resp.status_code == 302 and resp["Location"] == f"/rectification/findings/{finding.pk}/items/new/"
    assert (finding.unit, finding.title) == (ovs["inspection"].unit, "窗口无人值守")
    resp = client.post(f"/oversight/inspections/{ovs['inspection'].pk}/finding/")  # twice: refused, nothing added
    assert Finding.objects.count() == 1


def test_results_overdue_after_twenty_working_days(client, tree, ovs):
    inspection = ovs["inspection"]
    due = services.publish_due_on(inspection)
    # 20 working days after Wed 9 Sep 2026: Mid-Autumn (25 Sep) and 1–7 Oct off, Sun 20 Sep and Sat 10 Oct on
    assert due == datetime.date(2026, 10, 13)
    with frozen_today(due + datetime.timedelta(days=1)):
        client.force_login(tree.office)
        assert 'data-testid="overdue"' in client.get(f"/oversight/inspections/{inspection.pk}/").content.decode()
    services.inspection_publish(actor=tree.office, inspection=inspection)
    client.force_login(tree.office)
    assert 'data-testid="overdue"' not in client.get(f"/oversight/inspections/{inspection.pk}/").content.decode()


def test_photo_checked_by_content(tree, ovs):
    from django.core.exceptions import ValidationError

    fake = SimpleUploadedFile("photo.jpg", b"MZ this is not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(actor=tree.office, unit=tree.station, mode="open", inspected_on=DAY, place="所",
                                   seen="x", photos=[fake])
    assert "photos" in exc.value.message_dict


def _coverage(campaign, code):
    out = io.StringIO()
    call_command("metrics", "--campaign", campaign.slug, "--as-of", "2026-09-10", "--format", "json", stdout=out)
    return next(u for u in json.loads(out.getvalue())["units"] if u["code"] == code)["metrics"]["visit_coverage"]


def test_falsification_check_strikes_a_sampled_visit_and_it_stops_counting(tree, campaign):
    entity = make_entity(tree.station)
    make_visit(entity, tree.station_staff, datetime.date(2026, 7, 5))
    assert _coverage(campaign, "XN01")["numerator"] == 1
    plan = services.spot_check_plan(actor=tree.office, campaign=campaign, title="核查走访", pool_kind="visits",
                                    unit=tree.station, seed_sha256=draws.sha256_hex("k"), ratio=1,
                                    date_from=campaign.first_day, date_to=DAY)
    draw = services.spot_check_draw(actor=tree.office, plan=plan, seed="k")
    target = draw.targets.get()
    services.target_verify(actor=tree.office, target=target, outcome="not_confirmed", note="企业称未见走访人员")
    assert _coverage(campaign, "XN01")["numerator"] == 0


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice missing")
def test_notice_opens_in_libreoffice_with_title_and_number(tree, ovs, tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(notice_docx(ovs["notice"]))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "notice.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("关于窗口的通报", "孝行评〔2026〕3号", "孝感市工商局文件", "各县（市、区）局", "2026年9月10日"):
        assert expected in text.replace(" ", ""), expected


def test_notice_docx_fonts_and_red_issuer_mark(ovs):
    from docx import Document

    doc = Document(io.BytesIO(notice_docx(ovs["notice"])))
    mark, title = doc.paragraphs[0].runs[0], next(p for p in doc.paragraphs if p.text == "关于窗口的通报").runs[0]
    assert str(mark.font.color.rgb) == "E60012" and mark.font.name == "方正小标宋简体"
    assert title.font.name == "方正小标宋简体" and title.font.size.pt == 22
    body = next(p for p in doc.paragraphs if p.text == "窗口无人值守。").runs[0]
    assert body.font.name == "仿宋_GB2312" and body.font.size.pt == 16


def test_public_notice_listed_only_when_issued_publicly(client, tree, campaign, ovs):
    internal = services.notice_draft(actor=tree.office, campaign=campaign, kind="commendation", title="内部表扬",
                                     number="孝行评〔2026〕4号", issuer="孝感市工商局", addressee="各单位", body="表扬。")
    body = client.get("/oversight/public/notices/").content.decode()
    assert "关于窗口的通报" in body and "内部表扬" not in body
    assert client.get(f"/oversight/public/notices/{internal.pk}/").status_code == 404


def test_the_notice_downloads_under_its_chinese_title(client, tree, campaign):
    from urllib.parse import unquote

    notice = services.notice_draft(actor=tree.office, campaign=campaign, kind="commendation", title="关于表扬窗口的通报",
                                   number="孝行评〔2026〕4号", issuer="孝感市工商局", addressee="各单位", body="表扬。")
    client.force_login(tree.office)
    disposition = client.get(f"/oversight/notices/{notice.pk}.docx")["Content-Disposition"]
    assert f'filename="notice-{notice.pk}.docx"' in disposition  # the fallback for old clients
    assert unquote(disposition.split("''", 1)[1]) == "孝感市工商局_关于表扬窗口的通报_孝行评〔2026〕4号.docx"


def test_retired_units_are_not_offered_for_a_plan_or_an_inspection(tree):
    """A retired unit (撤销) is no longer drawn, inspected or declared a conflict; its history stays."""
    from xingping.oversight.forms import InspectionForm, InspectorForm, PlanForm

    tree.station3.retired_on = datetime.date(2026, 6, 30)
    tree.station3.save()
    for form in (PlanForm(), InspectionForm()):
        assert tree.station in form.fields["unit"].queryset and tree.station3 not in form.fields["unit"].queryset
    assert tree.station3 not in InspectorForm().fields["conflicts"].queryset
