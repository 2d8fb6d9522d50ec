"""Role × view matrix of the evaluation app: every URL name as every role (404 = not for you)."""

import datetime

import pytest
from django.urls import reverse

from xingping.core.testing import check_role_matrix, frozen_today
from xingping.testing import build_world


# The role × view matrix of every URL name of the app (the project-wide test
# tests/test_url_matrix.py fails when a URL name is missing from all ROLE_MATRIX dicts).

def _ev(name, *args):
    return lambda w: reverse(f"evaluation:{name}", args=[w["campaign"].slug, *[a(w) if callable(a) else a for a in args]])


MATRIX_URLS = {
    "evaluation:index": lambda w: reverse("evaluation:index"),
    "evaluation:ballot-page": lambda w: reverse("evaluation:ballot-page", args=[w["token"]]),
    "evaluation:overview": _ev("overview"),
    "evaluation:setup": _ev("setup"),
    "evaluation:evaluated-units": _ev("evaluated-units"),
    "evaluation:rubric": _ev("rubric"),
    "evaluation:rubric-add": _ev("rubric-add", "area"),
    "evaluation:rubric-edit": _ev("rubric-edit", "area", lambda w: w["area"].pk),
    "evaluation:rubric-delete": _ev("rubric-delete", "area", lambda w: w["area"].pk),
    "evaluation:evaluators": _ev("evaluators"),
    "evaluation:evaluator-delete": _ev("evaluator-delete", lambda w: w["evaluator"].pk),
    "evaluation:category-assign": _ev("category-assign"),
    "evaluation:evaluator-units": _ev("evaluator-units", lambda w: w["evaluator"].pk),
    "evaluation:recompute": _ev("recompute"),
    "evaluation:veto-confirm": _ev("veto-confirm", lambda w: w["veto"].pk),
    "evaluation:ballots-issue": _ev("ballots-issue"),
    "evaluation:meeting": _ev("meeting"),
    "evaluation:voting": _ev("voting", "open"),
    "evaluation:agenda-edit": _ev("agenda-edit", lambda w: w["agenda"].pk),
    "evaluation:question-add": _ev("question-add"),
    "evaluation:question-answer": _ev("question-answer", lambda w: w["question"].pk),
    "evaluation:live": _ev("live"),
    "evaluation:results": _ev("results"),
    "evaluation:results-export": _ev("results-export"),
    "evaluation:veto-add": _ev("veto-add"),
    "evaluation:veto-delete": _ev("veto-delete", lambda w: w["veto"].pk),
    "evaluation:consequences": _ev("consequences"),
    "evaluation:talk-edit": _ev("talk-edit", 999999),
    "evaluation:commendation": _ev("commendation"),
    "evaluation:unit": _ev("unit", "XN01"),
    "evaluation:tally": _ev("tally"),
    "evaluation-ballot-api": lambda w: reverse("evaluation-ballot-api", args=[w["token"]]),
}

ROLE_MATRIX = {
    "evaluation:index": {"anonymous": 302, "office": 302, "auditor": 302, "city_inspector": 302, "city_leader": 302, "county_leader": 302, "county_staff": 404, "county_inspector": 302, "station_leader": 302, "station_staff": 404, "other_county_leader": 302, "other_station_staff": 404},
    "evaluation:ballot-page": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
    "evaluation:overview": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 404, "county_inspector": 200, "station_leader": 200, "station_staff": 404, "other_county_leader": 200, "other_station_staff": 404},
    "evaluation:setup": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:rubric": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 404, "county_inspector": 200, "station_leader": 200, "station_staff": 404, "other_county_leader": 200, "other_station_staff": 404},
    "evaluation:evaluated-units": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:rubric-add": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:evaluator-units": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:rubric-edit": {"anonymous": 302, "office": 200, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:rubric-delete": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:evaluators": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:evaluator-delete": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:category-assign": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:recompute": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:veto-confirm": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:ballots-issue": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:meeting": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:voting": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:agenda-edit": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:question-add": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:question-answer": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:live": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:results": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 200, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:results-export": {"anonymous": 302, "office": 404, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:veto-add": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:veto-delete": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:consequences": {"anonymous": 302, "office": 405, "auditor": 405, "city_inspector": 405, "city_leader": 405, "county_leader": 405, "county_staff": 405, "county_inspector": 405, "station_leader": 405, "station_staff": 405, "other_county_leader": 405, "other_station_staff": 405},
    "evaluation:talk-edit": {"anonymous": 302, "office": 404, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:commendation": {"anonymous": 302, "office": 404, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:unit": {"anonymous": 302, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation:tally": {"anonymous": 404, "office": 404, "auditor": 404, "city_inspector": 404, "city_leader": 404, "county_leader": 404, "county_staff": 404, "county_inspector": 404, "station_leader": 404, "station_staff": 404, "other_county_leader": 404, "other_station_staff": 404},
    "evaluation-ballot-api": {"anonymous": 200, "office": 200, "auditor": 200, "city_inspector": 200, "city_leader": 200, "county_leader": 200, "county_staff": 200, "county_inspector": 200, "station_leader": 200, "station_staff": 200, "other_county_leader": 200, "other_station_staff": 200},
}


@pytest.mark.django_db
def test_role_matrix_every_url_name(client, tree, campaign):
    """Every URL name of the app, requested as every role (ROLE_MATRIX; 404 = not for you)."""
    with frozen_today(datetime.date(2026, 9, 1)):
        world = build_world(tree, campaign)
        assert check_role_matrix(client, tree, ROLE_MATRIX, MATRIX_URLS, world) == []
