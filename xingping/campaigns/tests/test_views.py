"""What users see and get on the campaign pages: forms keep input, errors in both
languages, statuses, roll-up, matrix content and its query count."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xingping.campaigns import services
from xingping.campaigns.models import MobilisationMeeting, SubmissionState
from xingping.campaigns.tests.conftest import EXE, PDF
from xingping.core.testing import frozen_today


def sub_url(campaign, code, unit, action=None):
    if action == "save":
        return reverse("campaigns:submission-save", args=[campaign.slug, code, unit])
    if action:
        return reverse("campaigns:submission-review", args=[campaign.slug, code, unit, action])
    return reverse("campaigns:submission-detail", args=[campaign.slug, code, unit])


def test_bad_upload_keeps_the_text_and_writes_nothing(client, tree, campaign):
    client.force_login(tree.county_leader)
    resp = client.post(sub_url(campaign, "implementation_plan", "XN", "save"),
                       {"body": "我写了很多内容", "submit": "1", "file": SimpleUploadedFile("plan.pdf", EXE)})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "我写了很多内容" in html
    assert "不允许的文件类型" in html and "not allowed" not in html  # one language per message
    assert not campaign.deliverables.get(code="implementation_plan").submissions.exists()


def test_oversize_upload_is_a_form_error(client, tree, campaign, settings):
    settings.XINGPING_UPLOAD_MAX_BYTES = 50
    client.force_login(tree.county_staff)
    resp = client.post(sub_url(campaign, "implementation_plan", "XN", "save"),
                       {"body": "正文", "file": SimpleUploadedFile("plan.pdf", PDF * 3)})
    assert resp.status_code == 400 and "文件过大" in resp.content.decode()


def test_leader_saves_uploads_and_submits_in_one_post(client, tree, campaign):
    client.force_login(tree.county_leader)
    resp = client.post(sub_url(campaign, "implementation_plan", "XN", "save"),
                       {"body": "方案", "submit": "1", "file": SimpleUploadedFile("plan.pdf", PDF)}, follow=True)
    assert resp.status_code == 200
    sub = campaign.deliverables.get(code="implementation_plan").submissions.get()
    assert sub.state == SubmissionState.SUBMITTED and sub.attachments.count() == 1
    html = resp.content.decode()
    assert 'data-status="submitted"' in html and "plan.pdf" in html


def test_staff_sees_no_submit_button_and_cannot_submit_by_post(client, tree, campaign):
    client.force_login(tree.county_staff)
    html = client.get(sub_url(campaign, "implementation_plan", "XN")).content.decode()
    assert 'data-testid="submit"' not in html and 'data-testid="submission-form"' in html
    resp = client.post(sub_url(campaign, "implementation_plan", "XN", "save"), {"body": "x", "submit": "1"})
    assert resp.status_code == 404


def test_return_without_reason_is_a_chinese_form_error(client, tree, submitted):
    campaign = submitted.deliverable.campaign
    client.force_login(tree.office)
    resp = client.post(sub_url(campaign, "implementation_plan", "XN", "return"), {"reason": "  "})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "请填写退回理由" in html and "reason is required" not in html and "Give the reason" not in html
    submitted.refresh_from_db()
    assert submitted.state == SubmissionState.SUBMITTED


def test_unit_sees_the_return_reason_and_history(client, tree, submitted):
    campaign = submitted.deliverable.campaign
    client.force_login(tree.office)
    client.post(sub_url(campaign, "implementation_plan", "XN", "return"), {"reason": "请补充时间节点"})
    client.force_login(tree.county_staff)
    html = client.get(sub_url(campaign, "implementation_plan", "XN")).content.decode()
    assert 'data-testid="return-reason"' in html and "请补充时间节点" in html
    assert 'data-testid="submission-form"' in html  # editable again
    client.force_login(tree.office)
    html = client.get(sub_url(campaign, "implementation_plan", "XN")).content.decode()
    assert 'data-testid="review"' not in html  # nothing to review until resubmitted


def test_history_names_people_not_their_login(client, tree, submitted):
    campaign = submitted.deliverable.campaign
    tree.office.last_name, tree.office.first_name = "孔", "爱武"
    tree.office.save()
    client.force_login(tree.office)
    client.post(sub_url(campaign, "implementation_plan", "XN", "return"), {"reason": "请补充时间节点"})
    html = client.get(sub_url(campaign, "implementation_plan", "XN")).content.decode()
    history = html.split('data-testid="history"')[1].split("</ol>")[0]
    assert "孔爱武" in history and "· office<" not in history


def test_late_is_shown(client, tree, draft):
    with frozen_today(datetime.date(2026, 8, 9)):
        services.submission_submit(actor=tree.county_leader, submission=draft)
    client.force_login(tree.office)
    html = client.get(sub_url(draft.deliverable.campaign, "implementation_plan", "XN")).content.decode()
    assert 'data-late="1"' in html


def test_attachment_download_serves_the_file(client, tree, draft):
    client.force_login(tree.county_inspector)
    att = draft.attachments.get()
    resp = client.get(reverse("campaigns:attachment-download", args=[att.pk]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == att.file.open("rb").read()
    assert resp["Content-Type"] == "application/pdf"


def test_htmx_remove_returns_the_attachment_list(client, tree, draft):
    client.force_login(tree.county_staff)
    resp = client.post(reverse("campaigns:attachment-remove", args=[draft.attachments.get().pk]), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and 'id="attachments"' in resp.content.decode()
    assert not draft.attachments.exists()


def test_county_report_page_shows_the_stations_and_who_is_missing(client, tree, station_submitted):
    campaign = station_submitted.deliverable.campaign
    client.force_login(tree.county_leader)
    resp = client.get(sub_url(campaign, "self_inspection_report", "XN"))
    html = resp.content.decode()
    assert 'data-testid="rollup"' in html
    assert 'data-unit="XN01"' in html and 'data-unit="XN02"' in html and "HC01" not in html
    rollup = resp.context["rollup"]
    assert rollup["total"] == 2 and [u.code for u in rollup["missing"]] == ["XN02"]


def test_matrix_shows_scoped_rows_in_constant_queries(client, tree, submitted, django_assert_max_num_queries):
    campaign = submitted.deliverable.campaign
    client.force_login(tree.county_inspector)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("campaigns:matrix", args=[campaign.slug]))
    codes = [unit.code for unit, _cells in resp.context["rows"]]
    assert codes == ["XN", "XN01", "XN02"]
    client.force_login(tree.office)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("campaigns:matrix", args=[campaign.slug]))
    assert {"XN", "HC", "KFQ", "XN01", "HC01"} <= {u.code for u, _c in resp.context["rows"]}
    assert 'data-status="submitted"' in resp.content.decode()


def test_matrix_export_is_an_excel_file(client, tree, submitted):
    client.force_login(tree.auditor)
    resp = client.get(reverse("campaigns:matrix-export", args=[submitted.deliverable.campaign.slug]))
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert resp.content[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(resp.content)).sheetnames == ["报送情况总览"]  # not "Sheet1"


def test_unit_page_lists_what_it_owes(client, tree, submitted):
    client.force_login(tree.county_staff)
    resp = client.get(reverse("campaigns:unit-obligations", args=[submitted.deliverable.campaign.slug, "XN"]))
    codes = [ob.deliverable.code for ob in resp.context["obligations"]]
    assert codes[:2] == ["implementation_plan", "mobilisation_summary"] and "station_self_inspection" not in codes
    assert resp.context["obligations"][0].status == "submitted"


def test_meeting_form_records_and_keeps_input_on_error(client, tree, campaign):
    client.force_login(tree.station_staff)
    url = reverse("campaigns:meeting-create", args=[campaign.slug])
    form = client.get(url).context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["XN01"]
    data = {"kind": "mobilisation", "title": "动员会", "held_on": "2026-07-20", "unit": tree.station.pk, "attendance": "0"}
    resp = client.post(url, data)
    assert resp.status_code == 400 and "参会人数至少为 1" in resp.content.decode() and "动员会" in resp.content.decode()
    data["attendance"] = "99999999999"
    assert client.post(url, data).status_code == 400
    data["attendance"] = "12"
    data["materials"] = [campaign.study_materials.first().pk]
    assert client.post(url, data).status_code == 302
    meeting = MobilisationMeeting.objects.get()
    assert meeting.unit == tree.station and meeting.materials.count() == 1
    # another station's unit is not a valid choice
    data["unit"] = tree.station2.pk
    assert client.post(url, data).status_code == 400


def test_meetings_list_is_scoped(client, tree, campaign):
    services.meeting_create(actor=tree.station_staff, campaign=campaign, unit=tree.station, kind="study", title="书院所学习",
                            held_on=datetime.date(2026, 7, 20), attendance=8)
    services.meeting_create(actor=tree.other_station_staff, campaign=campaign, unit=tree.station3, kind="study",
                            title="城隍所学习", held_on=datetime.date(2026, 7, 21), attendance=6)
    client.force_login(tree.county_leader)
    html = client.get(reverse("campaigns:meeting-list", args=[campaign.slug])).content.decode()
    assert "书院所学习" in html and "城隍所学习" not in html


def test_matrix_export_is_named_for_people_with_statuses_as_words(client, tree, submitted):
    from django.utils import timezone

    from xingping.core.testing import column_of, header_of, open_download

    client.force_login(tree.auditor)
    ws, name = open_download(client.get(reverse("campaigns:matrix-export", args=[submitted.deliverable.campaign.slug])))
    assert name == f"市局_报送情况总览_{timezone.localdate()}.xlsx"
    assert header_of(ws)[:2] == ["单位代码", "单位"] and ws.freeze_panes == "A2"
    xn = [c.value for c in column_of(ws, "单位代码")].index("XN")
    cell = column_of(ws, submitted.deliverable.display_title)[xn]
    assert cell.value.startswith("待审核")  # the status in words, not "submitted"
