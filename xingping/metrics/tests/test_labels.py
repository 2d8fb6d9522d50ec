"""One label per figure (issue 13 part 4): the label is given where the figure is registered
(`register_metric(key, label=…)` in each app's metric_defs.py) and every page, export and
report reads it from there. Fails when a template or module spells a figure's label itself."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from xingping.core.testing import frozen_today
from xingping.metrics.registry import metric_labels, metrics

ROOT = Path(__file__).resolve().parents[2]  # the xingping package

# Names the same figures carried before they had one label (issue 13): none may come back.
OLD_NAMES = (
    "反映问题答复率", "违纪违法反映答复率", "违纪举报答复率", "违纪举报查处率", "投诉答复率", "申诉投诉举报回复率",
    "反映工作人员问题回复率", "属实问题处理率", "代表委员建议当面沟通率", "代表委员建议办结率", "人大代表政协委员见面率",
    "回访覆盖率", "工作材料按时报送率", "信息按时公开率",
)


def _texts(label):
    with translation.override("en"):
        en = str(label)
    with translation.override("zh-hans"):
        zh = str(label)
    return en, zh


def test_every_registered_figure_has_a_chinese_and_an_english_label():
    labels = metric_labels()
    assert set(metrics()) <= set(labels)
    assert "visit_coverage_area" in labels  # the dashboards' area rollup, registered by outreach
    zh_names = set()
    for key, label in labels.items():
        en, zh = _texts(label)
        assert en and en != key and not re.search(r"[\u4e00-\u9fff]", en), key
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[A-Za-z]", zh), (key, zh)
        zh_names.add(zh)
    assert len(zh_names) == len(labels)  # two figures never share a name
    assert _texts(labels["misconduct_reply_rate"])[1] == "违纪违法反映回复率"


def _sources():
    for path in ROOT.rglob("*"):
        if path.suffix not in (".py", ".html", ".txt", ".js") or "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name == "metric_defs.py":
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_or_template_spells_a_figure_label_outside_its_registration():
    wanted = []
    for label in metric_labels().values():
        en, zh = _texts(label)
        wanted += [f'"{en}"', f"'{en}'", zh]
    wanted += list(OLD_NAMES)
    found = [(str(path.relative_to(ROOT)), w) for path, text in _sources() for w in wanted if w in text]
    assert found == []


@pytest.fixture
def figures_world(tree, campaign):
    from xingping.cases import services as case_services
    from xingping.cases.models import Kind

    with frozen_today(datetime.date(2026, 9, 1)):
        case_services.case_create(actor=tree.office, kind=Kind.COMPLAINT, unit=tree.station, campaign=campaign,
                                  title="窗口服务投诉", complainant_name="李四", complainant_phone="13900001111")
    return tree


def _zh(key):
    return _texts(metric_labels()[key])[1]


def _assert_names(html, keys):
    for key in keys:
        assert _zh(key) in html, key
    for old in OLD_NAMES:
        assert old not in html, old


@pytest.mark.django_db
def test_every_page_showing_figures_uses_the_registered_label(client, figures_world, campaign):
    tree = figures_world
    case_keys = ["complaint_reply_rate", "misconduct_reply_rate", "misconduct_handling_rate", "deputy_meeting_rate",
                 "deputy_completion_rate"]
    with frozen_today(datetime.date(2026, 9, 1)):
        client.force_login(tree.office)
        _assert_names(client.get(reverse("metrics:index")).content.decode(), list(metrics()))
        _assert_names(client.get(reverse("metrics:index"), {"area": "1"}).content.decode(), ["visit_coverage_area"])
        _assert_names(client.get(reverse("metrics:unit", args=["XN"])).content.decode(),
                      ["visit_coverage", "return_visit_coverage", *case_keys])
        _assert_names(client.get(reverse("campaigns:campaign-detail", args=[campaign.slug])).content.decode(),
                      [k for k in campaign.rules["targets"]])
        _assert_names(client.get(reverse("core:dashboard")).content.decode(), case_keys)
        client.force_login(tree.station_staff)
        _assert_names(client.get(reverse("core:dashboard")).content.decode(), ["visit_coverage", "return_visit_coverage"])
        client.logout()
        _assert_names(client.get(reverse("publicity:unit", args=[tree.station.code])).content.decode(),
                      ["complaint_reply_rate", "deliverable_on_time_rate", "disclosure_on_time_rate"])


@pytest.mark.django_db
def test_the_figures_download_and_the_self_inspection_report_use_the_registered_label(client, figures_world, campaign):
    from docx import Document

    tree = figures_world
    with frozen_today(datetime.date(2026, 9, 1)):
        client.force_login(tree.office)
        response = client.get(reverse("metrics:index"), {"format": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = " ".join(str(c.value) for c in next(sheet.iter_rows(max_row=1)))
        _assert_names(header, list(metrics()))
        client.force_login(tree.county_leader)
        response = client.get(reverse("rectification:report-download", args=[tree.county.code]))
        assert response.status_code == 200
        doc = Document(io.BytesIO(response.content))
        text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        _assert_names(text, ["visit_coverage", "complaint_reply_rate", "deliverable_on_time_rate"])
