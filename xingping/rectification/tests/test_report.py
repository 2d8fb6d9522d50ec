"""The draft self-inspection report (C8): official-document layout, real figures of the
unit's area, and it opens in LibreOffice (converted to PDF headlessly, text read back)."""

import os
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from xingping.rectification import services
from xingping.rectification.models import Category
from xingping.rectification.tests.conftest import make_finding, make_item, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree, campaign):
    f1 = make_finding(tree, campaign, title="年检工作推进迟缓")
    f2 = make_finding(tree, campaign, unit=tree.station2, category=Category.FEES, title="违规代收资料费")
    make_finding(tree, campaign, unit=tree.station3, category=Category.FINANCE, title="汉川的问题")  # another county
    make_item(tree, f1, item="每周调度年检进度")
    make_item(tree, f2, item="清退资料费", responsible=tree.station2_staff, actor=tree.office,
              fixed_on_creation=True, evidence=png())
    services.fee_create(actor=tree.office, campaign=campaign, unit=tree.station2, description="资料费", amount="1380.00",
                        payer="23户个体工商户", found_on=timezone.localdate(), refunded_amount="1000.00",
                        refunded_on=timezone.localdate())
    services.self_analysis_save(actor=tree.station_staff, campaign=campaign, phenomena="a", causes="b", harm="c", submit=True)
    services.institution_update(actor=tree.county_leader, campaign=campaign, unit=tree.county, code="accountability",
                                status="issued", issued_on=timezone.localdate(), document_no="孝南发〔2026〕3号",
                                document=png("doc.png"))


def docx_text(path):
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_command_writes_the_county_report_rolled_up_from_its_stations(tree, campaign, data, tmp_path):
    out = tmp_path / "xn.docx"
    call_command("report", "self-inspection", "--campaign", campaign.slug, "--unit", "XN", "-o", str(out))
    text = docx_text(out)
    doc = Document(out)
    assert doc.paragraphs[0].text == "孝南区局关于2026年民主评议政风行风自查自纠工作情况的报告"
    assert "市局行评办：" in text  # 主送
    for heading in ("一、基本情况", "二、自查发现的问题", "三、整改情况", "四、违规收费清退情况", "五、建章立制情况"):
        assert heading in text
    assert "共查找问题2个" in text and "汉川的问题" not in text  # only the area of XN
    assert "年检工作推进迟缓" in text and "违规代收资料费" in text
    assert "共制定整改事项2项，已完成1项（其中边查边纠1项）" in text
    assert "金额1380.00元，已退还1000.00元，尚未退还380.00元" in text
    assert "孝南发〔2026〕3号" in text
    assert "已提交1人" in text
    assert "我局认真开展" in text and "全局应写" in text and "（所）" not in text  # a bureau says 我局
    assert doc.paragraphs[-2].text == "孝南区局"  # 落款
    assert doc.paragraphs[-1].text.endswith("日")


def test_station_report_is_addressed_to_its_county(tree, campaign, data, tmp_path):
    out = tmp_path / "xn01.docx"
    call_command("report", "self-inspection", "--campaign", campaign.slug, "--unit", "XN01", "-o", str(out))
    text = docx_text(out)
    assert "孝南区局行评办：" in text and "违规代收资料费" not in text
    assert "我所认真开展" in text and "全所应写" in text  # a station says 我所


def test_missing_figures_say_so(tree, campaign, data, tmp_path, monkeypatch):
    from xingping.rectification import report

    monkeypatch.setattr(report, "target_figures", lambda *a: None)
    out = tmp_path / "r.docx"
    report.build(campaign, tree.county).save(out)
    assert "各项目标任务数据：暂无数据。" in docx_text(out)


def test_download_from_the_ui(client, tree, campaign, data):
    client.force_login(tree.county_leader)
    resp = client.get(reverse("rectification:report-download", args=["XN"]))
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"]
    import io

    assert zipfile.ZipFile(io.BytesIO(resp.content)).namelist()  # a real .docx
    page = client.get(reverse("rectification:report") + "?unit=XN")
    assert f"/campaigns/{campaign.slug}/deliverables/self_inspection_report/units/XN/" in page.content.decode()


@pytest.mark.slow
def test_libreoffice_opens_it_and_the_figures_come_back(tree, campaign, data, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: apt-get install -y libreoffice-writer-nogui")
    src = tmp_path / "report.docx"
    call_command("report", "self-inspection", "--campaign", campaign.slug, "--unit", "XN", "-o", str(src))
    env = dict(os.environ, HOME=str(tmp_path))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    for target in ("pdf", "txt:Text"):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path), str(src)],
                       check=True, env=env, timeout=180, capture_output=True)
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        subprocess.run(["pdftotext", str(pdf), str(tmp_path / "report.txt")], check=True, timeout=60)
    # The PDF's text breaks lines and spaces digits from CJK; what the reader sees is the same.
    text = re.sub(r"\s+", "", (tmp_path / "report.txt").read_text(encoding="utf-8-sig"))
    assert "孝南区局关于2026年民主评议政风行风自查自纠工作情况的报告" in text
    assert "年检工作推进迟缓" in text and "违规代收资料费" in text
    assert "尚未退还380.00元" in text and "共制定整改事项2项" in text
