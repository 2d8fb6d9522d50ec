"""The figures table's Excel download is read by people: Chinese headings, levels and yes/no."""

import datetime
import io

import openpyxl

from xingping.core.testing import frozen_today


def test_figures_excel_is_headed_in_chinese(client, tree, campaign, data):
    client.force_login(tree.office)
    with frozen_today(datetime.date(2026, 9, 1)):
        resp = client.get("/metrics/?format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("名次", "单位代码", "单位", "层级")  # 名次 as on the evaluation results
    assert "走访覆盖率 · 分子" in header and not any("." in h for h in header)
    xn01 = next(r for r in rows[1:] if r[1] == tree.station.code)
    met = xn01[header.index("走访覆盖率 · 是否达标")]
    assert met in ("是", "否")


def test_rates_are_percentages_and_the_file_is_named_for_people(client, tree, campaign, data):
    from xingping.core.testing import column_of, open_download

    client.force_login(tree.county_leader)
    ws, name = open_download(client.get("/metrics/?format=xlsx&as_of=2026-09-01"))
    assert name == "孝南区局_目标指标_2026-09-01.xlsx"  # the area's name and the day the figures are for
    assert ws.freeze_panes == "A2"
    xn01 = next(i for i, c in enumerate(column_of(ws, "单位代码")) if c.value == tree.station.code)
    rate = column_of(ws, "走访覆盖率 · 比率")[xn01]
    assert rate.value == 1.0 and rate.number_format == "0.0%"  # 100.0%, not 1 or 0.9181…
    assert isinstance(column_of(ws, "走访覆盖率 · 分母")[xn01].value, int)


def test_the_entities_behind_a_figure_in_excel(client, tree, campaign, data):
    from xingping.core.testing import column_of, header_of, open_download

    client.force_login(tree.station_leader)
    ws, name = open_download(client.get("/metrics/units/XN01/visit_coverage/denominator/?format=xlsx&as_of=2026-09-01"))
    assert name.startswith("书院所_") and "分母" in name and name.endswith("_2026-09-01.xlsx")
    assert header_of(ws)[:3] == ["统一社会信用代码", "主体名称", "主体类型"]
    assert column_of(ws, "主体类型")[0].value == "企业" and ws.freeze_panes == "A2"
