"""A wrong tracking code on the public tracking page gets one plain Chinese message, never
Django's default "Ensure this value has at least 16 characters" (issue 13 part 10e)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _errors(client, code):
    with translation.override("zh-hans"):
        resp = client.get(reverse("cases:public-track"), {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 200
    return re.sub(r"<[^>]+>", " ", resp.content.decode())


@pytest.mark.parametrize("code", ["ABC12", "ABCD-EFGH-JKMN-PQRS-TUVW", "ABCD-EFGH-JKMN-PQR!"])
def test_a_code_of_the_wrong_length_reads_as_plain_chinese(client, tree, code):
    text = _errors(client, code)
    assert "查询码为 16 位字母和数字" in text
    assert "Ensure this value" not in text and "确保该值" not in text and "确保此值" not in text


def test_an_empty_lookup_says_what_a_code_looks_like(client, tree):
    text = _errors(client, "")
    assert "这个字段是必填项" not in text and "This field is required" not in text
