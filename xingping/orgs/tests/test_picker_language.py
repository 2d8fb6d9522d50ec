"""The search pickers speak the page's language: Chinese by default, English only for a
visitor who chose English (the placeholders, the chosen unit's label, the errors)."""

import re

import pytest
from django.conf import settings

from tests.test_language import english_ui, read
from xingping.orgs import picker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(picker, "PICKER_THRESHOLD", 3)


def test_the_pickers_are_chinese_on_a_chinese_page(client, tree, campaign):
    client.force_login(tree.office)
    response = client.get("/outreach/visits/", {"unit": "XN01", "visitor": "nobody-here"})
    html = response.content.decode()
    assert 'placeholder="输入单位名称或代码"' in html and 'placeholder="输入姓名或用户名"' in html
    assert ">书院所（XN01）<" in html
    assert "您可选的人员中没有用户名或姓名为“nobody-here”的人员。" in html
    assert english_ui(read(response), data=("nobody-here",)) == []
    public = client.__class__()
    response = public.get("/cases/public/")
    assert 'placeholder="输入单位名称中的几个字"' in response.content.decode() and english_ui(read(response)) == []


def test_the_pickers_are_english_only_on_an_english_page(client, tree, campaign):
    client.force_login(tree.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tree.office.language = "en"
    tree.office.save(update_fields=["language"])
    html = client.get("/outreach/visits/", {"unit": "XN01", "visitor": "城隍"}).content.decode()
    assert "Type a unit&#x27;s name or code" in html and 'placeholder="Type a name or a username"' in html
    assert ">书院所 (XN01)<" in html  # the unit's name is data; the brackets follow the language
    assert "No staff member you may choose has the username or the name “城隍”." in html
    for message in ("输入", "您可选", "有多", "请选择"):
        assert message not in html
    public = client.__class__()
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = public.get("/cases/public/").content.decode()
    assert "Type part of the office&#x27;s name" in body and not re.search("输入单位", body)
