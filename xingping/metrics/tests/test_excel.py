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
