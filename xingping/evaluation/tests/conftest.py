"""Fixtures for the evaluation tests: a set-up evaluation over the test tree, tokens, ballots."""

import pytest

from xingping.evaluation import services


@pytest.fixture(autouse=True)
def ballots_stored_at_once(settings):
    """Tests that look into the ballot store right after a post see each ballot there:
    a mixing batch of one. The mixing buffer itself (XINGPING_BALLOT_BATCH > 1) is tested
    in test_secrecy.py, which sets its own batch size."""
    settings.XINGPING_BALLOT_BATCH = 1


@pytest.fixture
def evaluation(tree, campaign):
    """The root's evaluation. Most tests rank units on one or two ballots, so the
    answered-ballots threshold (default 10, tested in test_levels.py) is 1 here."""
    evaluation = services.evaluation_setup(actor=tree.office, campaign=campaign)
    evaluation.min_answered = 1
    evaluation.save(update_fields=["min_answered"])
    return evaluation


@pytest.fixture
def open_evaluation(evaluation, tree):
    return services.evaluation_open(actor=tree.office, evaluation=evaluation)


def issue(evaluation, n=1, category="citizen"):
    return [t for _e, _c, t in services.tokens_issue(actor=None, evaluation=evaluation, count=n, category=category)]


def full_scores(evaluation, value=3, overrides=None, units=None):
    """A complete ballot: every unit (or `units`), every item, `value`; `overrides` {unit code: value}."""
    items = list(evaluation.items.values_list("code", flat=True))
    scores = {}
    for code in units or evaluation.units.values_list("unit__code", flat=True):
        v = (overrides or {}).get(code, value)
        scores[code] = {item: v for item in items}
    return scores


def api(token):
    return f"/api/v1/ballots/{token}/"
