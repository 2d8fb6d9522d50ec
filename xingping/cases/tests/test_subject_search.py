"""The case list's subject search: Chinese words and digits match as typed, a text with Latin
letters ignores their case, a case number or tracking code is an exact lookup; the other
filters narrow it."""

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from xingping.cases.models import Case
from xingping.cases.tests.conftest import make_case
from xingping.core.filters import text_contains

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tree, campaign):
    return {
        "fee": make_case(tree.station, title="违规收取年检费123"),
        "abc": make_case(tree.station, title="ABC公司广告投诉"),
        "other": make_case(tree.station3, title="窗口服务态度"),
    }


def found(client, user, **params):
    client.force_login(user)
    html = client.get(reverse("cases:index"), {"status": "", **params}).content.decode()
    return html


def _numbers(html, cases):
    return {name for name, c in cases.items() if c.number in html}


def test_chinese_words_and_digits_match_as_typed(client, tree, cases):
    assert _numbers(found(client, tree.office, q="收取"), cases) == {"fee"}
    assert _numbers(found(client, tree.office, q="年检费123"), cases) == {"fee"}
    assert _numbers(found(client, tree.office, q="投诉"), cases) == {"abc"}


def test_latin_letters_ignore_case(client, tree, cases):
    assert _numbers(found(client, tree.office, q="abc公司"), cases) == {"abc"}
    assert _numbers(found(client, tree.office, q="Abc公司广告"), cases) == {"abc"}


def test_a_case_number_is_an_exact_lookup(client, tree, cases):
    assert _numbers(found(client, tree.office, q=cases["other"].number.lower()), cases) == {"other"}
    assert _numbers(found(client, tree.office, q="abc"), cases) == set()  # a number-like text is not a subject


def test_the_other_filters_narrow_the_search(client, tree, cases):
    assert _numbers(found(client, tree.office, q="窗口", unit="XN"), cases) == set()
    assert _numbers(found(client, tree.office, q="窗口", unit="HC"), cases) == {"other"}


def test_a_text_without_cased_letters_is_matched_without_changing_case():
    """PostgreSQL's icontains upper-cases every title it reads; a Chinese search needs none."""
    assert text_contains("title", "违规收费") == Q(title__contains="违规收费")
    assert text_contains("title", "2026年") == Q(title__contains="2026年")
    assert text_contains("title", "ABC公司") == Q(title__icontains="ABC公司")
    assert text_contains("title", "é") == Q(title__icontains="é")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_on_postgresql_a_subject_search_can_read_the_trigram_index(cases):
    """The search as the list writes it (`title::text LIKE '%…%'`) is one the trigram index
    serves: with scans of the whole table or index ruled out, the plan reads case_title_trgm
    (without the index it would be a sequential scan whatever it costs)."""
    qs = Case.objects.filter(text_contains("title", "收取年检")).values("pk")
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
    assert "case_title_trgm" in qs.explain()
    assert list(qs) == [{"pk": cases["fee"].pk}]
