"""C7 commands: `xingping evaluation open|close|tokens|results`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from xingping.evaluation import selectors
from xingping.evaluation.tests.conftest import full_scores

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


def test_open_tokens_vote_close_results(tree, campaign, settings):
    settings.XINGPING_PUBLIC_URL = "https://xp.example.org/"
    run("open", "--campaign", campaign.slug)
    urls = run("tokens", "--campaign", campaign.slug, "--count", "3", "--category", "npc_deputy").split()
    assert len(urls) == 3 and len(set(urls)) == 3
    assert all(u.startswith("https://xp.example.org/evaluation/b/") for u in urls)
    with pytest.raises(CommandError):
        run("results", "--campaign", campaign.slug)  # refused while voting is open
    token = urls[0].rstrip("/").rsplit("/", 1)[1]
    units = Client().get(f"/api/v1/ballots/{token}/").json()["units"]
    resp = Client().post(f"/api/v1/ballots/{token}/", data=json.dumps({"scores": full_scores(selectors.evaluation_for(campaign))}),
                         content_type="application/json")
    assert resp.status_code == 201
    run("close", "--campaign", campaign.slug)
    data = json.loads(run("results", "--campaign", campaign.slug, "--format", "json"))
    assert data["ballots"] == 1
    assert {u["code"] for u in data["units"]} == {u["code"] for u in units}
    first = data["units"][0]
    assert {"code", "score", "rank", "grade", "answered"} <= set(first) and first["answered"] == 1
    # One ballot is below the campaign's minimum of 10 answered ballots: no rank, no grade.
    assert data["min_answered"] == 10 and (first["rank"], first["grade"]) == (None, None)
    assert isinstance(first["score"], float)


def test_public_url_defaults_to_localhost(tree, campaign, settings, monkeypatch):
    monkeypatch.delenv("XINGPING_PUBLIC_URL", raising=False)
    if hasattr(settings, "XINGPING_PUBLIC_URL"):
        del settings.XINGPING_PUBLIC_URL
    url = run("tokens", "--campaign", campaign.slug, "--count", "1").strip()
    assert url.startswith("http://127.0.0.1:8000/evaluation/b/")


def test_errors_exit_non_zero(tree, campaign):
    with pytest.raises(CommandError):
        run("open", "--campaign", "nope")
    with pytest.raises(CommandError):
        run("close", "--campaign", campaign.slug)  # not set up
    run("open", "--campaign", campaign.slug)
    with pytest.raises(CommandError):
        run("open", "--campaign", campaign.slug)  # already open
    with pytest.raises(CommandError):
        run("tokens", "--campaign", campaign.slug, "--count", "0")
    run("close", "--campaign", campaign.slug)
    with pytest.raises(CommandError):
        run("tokens", "--campaign", campaign.slug, "--count", "1")  # closed


def test_console_script_exits_non_zero_before_close(tree, campaign):
    """Through the real `xingping` entry point, as the contract is checked."""
    from xingping.cli import main

    run("open", "--campaign", campaign.slug)
    with pytest.raises(SystemExit) as info:
        main(["xingping", "evaluation", "results", "--campaign", campaign.slug, "--format", "json"])
    assert info.value.code != 0


def test_errors_read_in_one_language(tree, campaign):
    """The command's refusals are Chinese by default and English only in the English locale."""
    from django.utils import translation

    with pytest.raises(CommandError, match="^--count 至少为 1。$"):
        run("tokens", "--campaign", campaign.slug, "--count", "0")
    with pytest.raises(CommandError, match="^请用 --unit 指定组织评议的单位。$"):
        run("new", "--campaign", campaign.slug)
    with pytest.raises(CommandError, match="^单位不存在：NOPE$"):
        run("new", "--campaign", campaign.slug, "--unit", "XN", "--units", "NOPE")
    with translation.override("en"):
        with pytest.raises(CommandError, match="^The results can be read once voting has closed.$"):
            run("results", "--campaign", campaign.slug)
