"""Role × view matrix for every evaluation page, and what the office sees and does there."""

import pytest
from django.test import Client
from django.urls import reverse

from xingping.core.testing import assert_matrix
from xingping.evaluation import services
from xingping.evaluation.models import AgendaItem, Ballot, BallotToken, Evaluator, MeetingQuestion, RubricItem
from xingping.evaluation.tests.conftest import full_scores, issue

pytestmark = pytest.mark.django_db

ALL = ("office", "auditor", "city_inspector", "city_leader", "county_leader", "county_staff", "county_inspector",
       "station_leader", "station_staff", "other_county_leader", "other_station_staff")
OVERVIEW = {"office", "auditor", "city_inspector", "county_inspector", "city_leader", "county_leader", "station_leader",
            "other_county_leader"}
READERS = {"office", "auditor", "city_inspector", "county_inspector"}


def expect(allowed, ok=200):
    return {name: ok if name in allowed else 404 for name in ALL}


@pytest.fixture
def closed(open_evaluation, tree, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    services.ballot_cast(token=issue(open_evaluation)[0], scores=full_scores(open_evaluation, 3, {"XN": 1}))
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    services.consequences_apply(actor=tree.office, evaluation=open_evaluation)
    return open_evaluation


def url(name, evaluation, *args):
    return reverse(f"evaluation:{name}", args=[evaluation.campaign.slug, *args])


def test_index_redirects_to_the_current_campaign(client, evaluation, tree):
    assert assert_matrix(client, reverse("evaluation:index"), expect(OVERVIEW, 302), tree) == []


@pytest.mark.parametrize("name,allowed", [
    ("overview", OVERVIEW), ("rubric", OVERVIEW), ("evaluators", {"office", "auditor"}),
    ("meeting", READERS), ("live", READERS), ("results", READERS),
])
def test_read_pages_matrix(client, closed, tree, name, allowed):
    assert assert_matrix(client, url(name, closed), expect(allowed), tree) == []


def test_closed_pages_matrix(client, closed, tree):
    for page in (url("results-export", closed) + "?by=unit", url("results-export", closed) + "?by=item",
                 url("commendation", closed), url("commendation", closed) + "?format=docx"):
        assert assert_matrix(client, page, expect(READERS), tree) == [], page
    talk = closed.talks.get()
    assert assert_matrix(client, url("talk-edit", closed, talk.pk), expect({"office"}), tree) == []


def test_unit_page_is_scoped_to_the_unit_subtree(client, closed, tree):
    allowed = set(ALL) - {"other_county_leader", "other_station_staff"}
    assert assert_matrix(client, url("unit", closed, "XN01"), expect(allowed), tree) == []
    assert assert_matrix(client, url("unit", closed, "XG-BGS"), expect(set()), tree) == []  # not evaluated


def test_office_only_get_pages_matrix(client, evaluation, tree):
    item = evaluation.items.first()
    for page in (url("rubric-add", evaluation, "area"), url("rubric-edit", evaluation, "item", item.pk)):
        assert assert_matrix(client, page, expect({"office"}), tree) == [], page


def test_office_only_posts_matrix(client, evaluation, tree):
    """Every write is the office's: others get 404 and nothing changes."""
    item = evaluation.agenda.first()
    person = services.evaluator_save(actor=tree.office, evaluation=evaluation, name="甲", category="citizen")
    posts = [
        (url("setup", evaluation), {}),
        (url("rubric", evaluation), {"democratic_weight": "0.7", "work_weight": "0.3", "grades": "a, A, 0",
                                     "min_group_size": "5", "progress_every_days": "15"}),
        (url("rubric-delete", evaluation, "item", RubricItem.objects.last().pk), {}),
        (url("evaluators", evaluation), {"name": "乙", "category": "citizen"}),
        (url("ballots-issue", evaluation), {"named": "none", "category": "citizen", "count": "1"}),
        (url("evaluator-delete", evaluation, person.pk), {}),
        (url("agenda-edit", evaluation, item.pk), {"current": "1"}),
        (url("question-add", evaluation), {"unit": item.unit_id, "question": "为什么？"}),
        (url("voting", evaluation, "open"), {}),
        (url("voting", evaluation, "close"), {}),
        (url("veto-add", evaluation), {"unit": item.unit_id, "reason": "查实"}),
        (url("consequences", evaluation), {}),
    ]
    expected = {name: 404 for name in ALL if name != "office"}
    for page, data in posts:
        assert assert_matrix(client, page, expected, tree, method="post", data=data) == [], page
    assert Evaluator.objects.filter(name="乙").count() == 0 and not BallotToken.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.is_draft and evaluation.current_agenda is None
    for page, data in posts:  # and the office may
        client.force_login(tree.office)
        assert client.post(page, data).status_code in (200, 302), page


def test_public_pages_need_no_login(closed, open_evaluation):
    client = Client()
    assert client.get(reverse("evaluation:tally", args=[closed.campaign.slug])).status_code == 200
    assert client.get(reverse("evaluation:ballot-page", args=["unknown"])).status_code == 404


def test_tally_is_hidden_until_voting_closes(open_evaluation):
    assert Client().get(reverse("evaluation:tally", args=[open_evaluation.campaign.slug])).status_code == 404


def test_ballot_page_states(evaluation, tree):
    token = issue(evaluation)[0]
    page = reverse("evaluation:ballot-page", args=[token])
    resp = Client().get(page)
    assert resp.status_code == 200 and "data-api" not in resp.content.decode()  # not open yet
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    resp = Client().get(page)
    assert f'data-api="/api/v1/ballots/{token}/"' in resp.content.decode()
    assert resp["Cache-Control"] == "no-store"
    services.ballot_cast(token=token, scores=full_scores(evaluation))
    assert Client().get(page).status_code == 409


def test_rubric_form_keeps_input_and_refuses_after_opening(client, open_evaluation, tree):
    client.force_login(tree.office)
    item = open_evaluation.items.first()
    resp = client.post(url("rubric-edit", open_evaluation, "item", item.pk),
                       {"area": item.area_id, "code": item.code, "text": "我改的文字", "weight": "1", "order": "1"})
    body = resp.content.decode()
    assert resp.status_code == 200 and "我改的文字" in body and "不能修改" in body
    assert RubricItem.objects.get(pk=item.pk).text != "我改的文字"
    resp = client.post(url("rubric", open_evaluation), {"democratic_weight": "1", "work_weight": "0", "grades": "a, A, 0",
                                                        "min_group_size": "5", "progress_every_days": "15"})
    assert resp.status_code == 404 or "不能修改" in resp.content.decode()


def test_issue_prints_qr_codes_once(client, evaluation, tree):
    services.evaluator_save(actor=tree.office, evaluation=evaluation, name="陈志刚", category="npc_deputy")
    client.force_login(tree.office)
    resp = client.post(url("ballots-issue", evaluation), {"named": "missing", "category": "citizen", "count": "2"})
    body = resp.content.decode()
    assert resp.status_code == 200 and body.count("data:image/svg+xml") == 3 and "陈志刚" in body
    assert resp["Cache-Control"] == "no-store"
    assert BallotToken.objects.count() == 3
    again = client.post(url("ballots-issue", evaluation), {"named": "missing", "category": "citizen", "count": "0"})
    assert again.status_code == 302  # 陈志刚 already holds a valid ballot: nothing new


def test_meeting_questions_and_answers(client, evaluation, tree):
    client.force_login(tree.office)
    item = evaluation.agenda.get(unit=tree.county)
    client.post(url("agenda-edit", evaluation, item.pk), {"current": "1"})
    client.post(url("question-add", evaluation), {"unit": tree.county.pk, "asked_by": "王代表", "question": "办照为何要跑三次？"})
    q = MeetingQuestion.objects.get()
    client.post(url("question-answer", evaluation, q.pk), {"answered_by": "李局长", "answer": "已推行一次办结。"})
    body = client.get(url("meeting", evaluation)).content.decode()
    assert "办照为何要跑三次？" in body and "已推行一次办结。" in body
    assert AgendaItem.objects.get(pk=item.pk) == evaluation.__class__.objects.get(pk=evaluation.pk).current_agenda


def test_live_count_partial_shows_the_count_only(client, open_evaluation, tree):
    services.ballot_cast(token=issue(open_evaluation)[0], scores=full_scores(open_evaluation))
    client.force_login(tree.office)
    resp = client.get(url("live", open_evaluation), HTTP_HX_REQUEST="true")
    body = resp.content.decode()
    assert 'data-testid="live-count">1<' in body and "hx-trigger" in body and "<html" not in body


def test_results_page_queries_do_not_grow_with_units(client, closed, tree, django_assert_max_num_queries):
    client.force_login(tree.office)
    with django_assert_max_num_queries(30):
        resp = client.get(url("results", closed))
    body = resp.content.decode()
    assert resp.status_code == 200 and "不合格" in body and Ballot.objects.count() == 1


def test_lists_query_counts(client, closed, tree, django_assert_max_num_queries):
    for n in range(10):
        services.evaluator_save(actor=tree.office, evaluation=closed, name=f"代表{n}", category="citizen")
    client.force_login(tree.office)
    for page in ("evaluators", "meeting", "overview", "rubric"):
        with django_assert_max_num_queries(20):
            assert client.get(url(page, closed)).status_code == 200


def test_dashboard_shows_the_evaluation(client, closed, tree):
    client.force_login(tree.office)
    body = client.get("/").content.decode()
    assert "已投 1 张" in body and reverse("evaluation:overview", args=[closed.campaign.slug]) in body
    client.force_login(tree.county_leader)
    body = client.get("/").content.decode()
    assert reverse("evaluation:unit", args=[closed.campaign.slug, "XN"]) in body


def test_results_list_verified_misconduct_cases_as_veto_candidates(client, closed, tree):
    from xingping.cases.models import Case

    fields = {f.name for f in Case._meta.get_fields()}
    data = {"number": "WJ-1", "kind": "misconduct", "unit": tree.county, "subject_unit": tree.station,
            "received_on": closed.campaign.first_day, "verified": True, "title": "收受财物"}
    Case.objects.create(**{k: v for k, v in data.items() if k in fields})
    Case.objects.create(**{**{k: v for k, v in data.items() if k in fields}, "number": "WJ-2", "verified": False})
    closed.__class__.objects.filter(pk=closed.pk).update(consequences_applied_at=None)  # vetoes still open
    client.force_login(tree.office)
    body = client.get(url("results", closed)).content.decode()
    assert "WJ-1" in body and "WJ-2" not in body


def test_excel_exports_by_unit_and_by_item(client, closed, tree):
    from openpyxl import load_workbook
    import io

    client.force_login(tree.office)
    by_unit = load_workbook(io.BytesIO(client.get(url("results-export", closed) + "?by=unit").content)).active
    rows = list(by_unit.iter_rows(values_only=True))
    assert len(rows) == 1 + closed.units.count()
    xn = next(r for r in rows if r[1] == "XN")
    assert xn[5] == 51.0 and xn[6] == "不合格"  # composite score, grade
    by_item = load_workbook(io.BytesIO(client.get(url("results-export", closed) + "?by=item").content)).active
    rows = list(by_item.iter_rows(values_only=True))
    assert rows[0][6:9] == ("满意", "基本满意", "不满意")
    assert len(rows) == 1 + closed.units.count() * 18
    xn_first = next(r for r in rows if r[0] == "XN" and r[3] == "A1.1")
    assert rows[0][9] == "不了解"
    assert xn_first[5:11] == (1, 0, 0, 1, 0, 30)


def test_results_download_is_named_for_people_with_scores_as_numbers(client, closed, tree):
    from django.utils import timezone

    from xingping.core.testing import column_of, open_download

    client.force_login(tree.office)
    ws, name = open_download(client.get(url("results-export", closed) + "?by=unit"))
    assert name == f"{closed.holder.name}_{closed.campaign.title}-评议结果（按单位）_{timezone.localdate()}.xlsx"
    assert ws.freeze_panes == "A2"
    xn = [c.value for c in column_of(ws, "单位代码")].index("XN")
    score = column_of(ws, "综合得分")[xn]
    assert score.value == 51.0 and score.number_format == "0.00"
    assert column_of(ws, "一票否决")[xn].value in ("是", "否")


def test_the_commendation_downloads_under_its_chinese_title(client, closed, tree):
    from urllib.parse import unquote

    notice = closed.commendation
    client.force_login(tree.office)
    disposition = client.get(url("commendation", closed) + "?format=docx")["Content-Disposition"]
    name = unquote(disposition.split("''", 1)[1])
    assert name == f"{notice.signatory}_{notice.title}_{notice.issued_on}.docx" and "commendation" not in name
