"""Issue 9, part 4: control characters, XLSX caps, strict dates, CSV rows, upload types."""

import json
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from xingping.core import tabular
from xingping.core.dates import parse_filter_date, parse_import_date, parse_iso_date
from xingping.core.imports import parse_date
from xingping.core.text import clean_text
from xingping.entities.models import MarketEntity
from xingping.entities.testing import make_uscc

U1, U2 = make_uscc(910001), make_uscc(910002)
HEADER = "uscc,name,kind,status,unit_code,responsible,registered_on\n"


def run_import(kind, path, capsys):
    code = 0
    try:
        call_command("import", kind, str(path))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ------------------------------------------------------------------ control characters

@pytest.mark.parametrize("raw,multi,single", [
    ("a\x01b", "ab", "ab"),
    ("a\x00b\x7fc\x9fd", "abcd", "abcd"),
    ("line 1\r\nline 2\tend", "line 1\r\nline 2\tend", "line 1 line 2 end"),
    ("bad \ud800 surrogate \ufffe", "bad  surrogate ", "bad  surrogate "),
    ("孝感市 工商局", "孝感市 工商局", "孝感市 工商局"),
    ("孝感市\u3000工商局\u00a0", "孝感市\u3000工商局\u00a0", "孝感市\u3000工商局\u00a0"),  # spaces are not controls
])
def test_control_characters_are_removed_and_line_breaks_kept_only_where_allowed(raw, multi, single):
    assert clean_text(raw) == multi
    assert clean_text(raw, multiline=False) == single


@pytest.mark.django_db
def test_a_nul_byte_in_an_imported_entity_name_is_stripped_and_the_xlsx_export_works(tree, tmp_path, capsys):
    path = tmp_path / "e.csv"
    path.write_text(HEADER + f"{U1},孝感\x00甲商贸\x01有限公司,enterprise,active,XN01,,\n", encoding="utf-8")
    code, out, err = run_import("entities", path, capsys)
    assert code == 0, err
    assert MarketEntity.objects.get(uscc=U1).name == "孝感甲商贸有限公司"
    target = tmp_path / "out.xlsx"
    call_command("export", "entities", "--format", "xlsx", "-o", str(target))
    ws = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    assert [r[1] for r in ws.iter_rows(values_only=True)] == ["name", "孝感甲商贸有限公司"]


@pytest.mark.django_db
def test_text_stored_before_the_rule_cannot_break_an_export(tree, tmp_path):
    """Defence in depth: a name that reached the database some other way (a raw SQL fix)."""
    from xingping.entities.testing import make_entity

    make_entity(tree.station, name="旧\x0b数据\x1f公司")
    target = tmp_path / "out.xlsx"
    call_command("export", "entities", "--format", "xlsx", "-o", str(target))
    ws = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    assert "旧数据公司" in [r[1] for r in ws.iter_rows(values_only=True)]
    csv_target = tmp_path / "out.csv"
    call_command("export", "entities", "--format", "csv", "-o", str(csv_target))
    assert "旧数据公司" in csv_target.read_text(encoding="utf-8-sig")


@pytest.mark.django_db
def test_a_line_break_inside_a_single_line_import_cell_becomes_a_space(tree, tmp_path, capsys):
    path = tmp_path / "e.csv"
    path.write_text(HEADER + f'{U1},"孝感甲\n商贸有限公司",enterprise,active,XN01,,\n', encoding="utf-8")
    code, out, err = run_import("entities", path, capsys)
    assert code == 0, err
    assert MarketEntity.objects.get(uscc=U1).name == "孝感甲 商贸有限公司"


def test_the_middleware_cleans_query_strings_form_bodies_and_json(rf):
    from xingping.core.text import ControlCharacterMiddleware

    seen = {}

    def view(request):
        seen["get"] = request.GET.get("q")
        if request.content_type == "application/json":
            seen["body"] = request.body
        else:
            seen["post"] = request.POST.get("title")
        return None

    mw = ControlCharacterMiddleware(view)
    mw(rf.post("/x/?q=a%01b", {"title": "投诉\x01标题", "content": "第一行\r\n第二行"}))
    assert seen["get"] == "ab" and seen["post"] == "投诉标题"
    mw(rf.post("/x/", json.dumps({"description": "a\u0001b", "list": ["\x00x"]}), content_type="application/json"))
    assert json.loads(seen["body"]) == {"description": "ab", "list": ["x"]}


# ------------------------------------------------------------------ XLSX caps

def xlsx_with_sheet(path, sheet_xml, *, compresslevel=9):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


@pytest.mark.django_db
def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_parsing(tree, tmp_path, capsys, settings):
    """A generated bomb below the 100× ratio (random-ish rows) but above the byte cap."""
    settings.XINGPING_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{i * 7919 % 100003:08d}</t></is></c></row>'
                   for i in range(1, 40000))
    bomb = xlsx_with_sheet(tmp_path / "bomb.xlsx", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
    assert bomb.stat().st_size * 100 > 2 * 1024 * 1024  # not caught by the ratio rule
    code, out, err = run_import("entities", bomb, capsys)
    assert code == 1
    assert "row 1, column -:" in err and "解压" in err and has_chinese(err)
    assert MarketEntity.objects.count() == 0


def test_an_xlsx_whose_declared_sizes_lie_is_refused(tmp_path, settings):
    """The central directory says 100 bytes; streaming finds more (zipfile's CRC check or
    our own count stops it): refused as unreadable, nothing parsed."""
    path = xlsx_with_sheet(tmp_path / "liar.xlsx", "<worksheet>" + "x" * 500_000 + "</worksheet>")
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central directory entry
    data[cd + 24:cd + 28] = (100).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    with pytest.raises(tabular.TabularError):
        list(tabular.read_rows(path))


@pytest.mark.django_db
def test_an_xlsx_with_more_rows_than_the_limit_is_refused_and_nothing_written(tree, tmp_path, capsys, settings):
    settings.XINGPING_IMPORT_MAX_ROWS = 2
    path = tmp_path / "rows.xlsx"
    rows = [[make_uscc(920000 + i), f"公司{i}", "enterprise", "active", "XN01", "", ""] for i in range(3)]
    tabular.write_table("xlsx", HEADER.strip().split(","), rows, target=str(path))
    code, out, err = run_import("entities", path, capsys)
    assert code == 1 and "2" in err and has_chinese(err)
    assert MarketEntity.objects.count() == 0
    settings.XINGPING_IMPORT_MAX_ROWS = 3
    code, out, err = run_import("entities", path, capsys)
    assert code == 0, err
    assert MarketEntity.objects.count() == 3


# ------------------------------------------------------------------ dates and CSV rows

@pytest.mark.parametrize("value", ["2026-01-15garbage", "2026-02-30", "2026-01", "15/01/2026", "2026-W03-4",
                                   "2026-01/15", "2026-01-15 junk"])
def test_import_dates_are_parsed_strictly(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("value,day", [("2026-01-15", "2026-01-15"), ("2026/1/5", "2026-01-05"),
                                       ("2026.01.15", "2026-01-15"), ("20260115", "2026-01-15"),
                                       ("2026-01-15 10:30:00", "2026-01-15")])
def test_import_dates_in_the_accepted_forms(value, day):
    assert parse_import_date(value).isoformat() == day


def test_filter_and_option_dates_are_exactly_yyyy_mm_dd():
    assert parse_iso_date("2026-01-15").isoformat() == "2026-01-15"
    for bad in ("20260115", "2026-01-15garbage", "2026-02-30", ""):
        with pytest.raises(ValueError):
            parse_iso_date(bad)
        assert parse_filter_date(bad) is None


def test_an_as_of_option_with_trailing_garbage_is_refused():
    from django.core.management.base import CommandError

    from xingping.core.commands import date_arg

    with pytest.raises(CommandError):
        date_arg("2026-01-15garbage")


@pytest.mark.django_db
def test_a_bad_date_in_a_list_filter_is_ignored_not_a_server_error(client, tree):
    client.force_login(tree.office)
    for url in ("/cases/?received_from=2026-02-30", "/cases/?received_to=2026-01-15garbage",
                "/audit/?date_from=2026-02-31"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_csv_decoding_error_names_its_real_row(tree, tmp_path, capsys):
    """UTF-8 (detected from the first 64 KiB) with one GB18030 row far below; a quoted
    cell over two physical lines in row 3: rows, not lines, are counted."""
    lines = [HEADER.encode()]
    n = 1500
    for i in range(1, n + 1):
        name = "孝感甲商贸有限公司".encode("gb18030") if i == n else f"孝感市某某商贸有限公司{i}".encode()
        lines.append(f"{make_uscc(930000 + i)},".encode() + name + b",enterprise,active,XN01,,\n")
    lines[3] = f'{make_uscc(930003)},"两行\n名称",enterprise,active,XN01,,\n'.encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"".join(lines))
    assert path.stat().st_size > 1 << 16
    code, out, err = run_import("entities", path, capsys)
    assert code == 1
    assert f"row {n + 1}, column -:" in err and "UTF-8" in err and has_chinese(err)
    assert MarketEntity.objects.count() == 0


# ------------------------------------------------------------------ uploads

PDF = b"%PDF-1.4\n%%EOF\n"


def test_an_ole2_file_is_typed_by_its_streams_not_its_name():
    from xingping.core.uploads import sniff

    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    word = ole + "WordDocument".encode("utf-16-le")
    excel = ole + "Workbook".encode("utf-16-le")
    assert sniff(SimpleUploadedFile("a.xls", word)) == "doc"
    assert sniff(SimpleUploadedFile("a.doc", excel)) == "xls"
    assert sniff(SimpleUploadedFile("a.doc", ole)) is None


@pytest.mark.django_db
def test_a_public_upload_named_html_with_a_pdf_header_is_stored_and_served_as_pdf(client, tree, campaign):
    from django.urls import reverse

    from xingping.cases.models import CaseAttachment

    client.logout()
    poly = SimpleUploadedFile("poly.html", PDF + b"<html><script>alert(1)</script></html>", content_type="text/html")
    resp = client.post(reverse("cases:public-file"), {
        "kind": "complaint", "unit": tree.station.pk, "title": "附件", "content": "见附件", "name": "王五",
        "phone": "13812345678", "attachments": [poly]})
    assert resp.status_code == 200
    att = CaseAttachment.objects.get()
    assert att.file.name.endswith("/poly.pdf")
    client.force_login(tree.office)
    resp = client.get(reverse("cases:attachment", args=[att.pk]))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Disposition"].startswith("attachment") and "poly.pdf" in resp["Content-Disposition"]
    assert "html" not in resp["Content-Disposition"]
    b"".join(resp.streaming_content)


@pytest.mark.django_db
def test_a_file_stored_before_the_rule_under_the_senders_extension_is_served_as_what_it_is(tree, campaign):
    from django.core.files.base import ContentFile

    from xingping.cases.models import CaseAttachment
    from xingping.cases.tests.conftest import make_case
    from xingping.core.exports import file_download

    case = make_case(tree.station)
    att = CaseAttachment(case=case, name="poly.html", size=len(PDF))
    att.file.save("poly.html", ContentFile(PDF), save=False)
    att.save()
    resp = file_download(att.file, att.name)
    assert resp["Content-Type"] == "application/pdf" and "poly.pdf" in resp["Content-Disposition"]
    resp.close()
