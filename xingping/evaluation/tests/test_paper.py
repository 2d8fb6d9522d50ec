"""Paper ballots: numbered, entered twice by two different staff, counted when they match."""

import pytest
from django.core.exceptions import ValidationError

from xingping.accounts.models import User
from xingping.evaluation import selectors, services
from xingping.evaluation.models import Ballot, BallotAnswers, PaperEntry, UnitResult
from xingping.evaluation.tests.conftest import full_scores, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerks(tree):
    return [User.objects.create_user(username=f"clerk{n}", password="x", unit=tree.city, roles="office")
            for n in range(3)]


def test_numbers_follow_on(open_evaluation, tree):
    first = services.paper_ballots_print(actor=tree.office, evaluation=open_evaluation, count=3, category="npc_deputy")
    more = services.paper_ballots_print(actor=tree.office, evaluation=open_evaluation, count=2, category="citizen")
    assert [p.number for p in first + more] == [1, 2, 3, 4, 5]


def test_two_matching_entries_count_once_and_shown_apart(open_evaluation, tree, clerks, monkeypatch):
    monkeypatch.setattr(services.scoring, "work_scores", lambda campaign, units: {})
    (sheet,) = services.paper_ballots_print(actor=tree.office, evaluation=open_evaluation, count=1, category="citizen")
    scores = full_scores(open_evaluation, 2)
    assert services.paper_entry_record(actor=clerks[0], paper=sheet, scores=scores)["counted"] is False
    assert Ballot.objects.count() == 0
    with pytest.raises(ValidationError, match="同一人"):
        services.paper_entry_record(actor=clerks[0], paper=sheet, scores=scores)  # same person, same number
    assert PaperEntry.objects.count() == 1
    assert services.paper_entry_record(actor=clerks[1], paper=sheet, scores=scores)["counted"] is True
    assert Ballot.objects.get().source == "paper"
    with pytest.raises(ValidationError):
        services.paper_entry_record(actor=clerks[2], paper=sheet, scores=scores)  # counted already
    services.ballot_cast(token=issue(open_evaluation)[0], scores=full_scores(open_evaluation, 3))
    assert selectors.ballots_by_source(open_evaluation) == {"phone": 1, "paper": 1}
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    xn = UnitResult.objects.get(evaluation=open_evaluation, unit__code="XN")
    assert (xn.phone_ballots, xn.paper_ballots, str(xn.democratic_score)) == (1, 1, "87.50")  # counted together


def test_mismatch_waits_for_a_third_look(open_evaluation, tree, clerks):
    (sheet,) = services.paper_ballots_print(actor=tree.office, evaluation=open_evaluation, count=1, category="citizen")
    a, b = full_scores(open_evaluation, 3), full_scores(open_evaluation, 3, {"XN": 2})
    services.paper_entry_record(actor=clerks[0], paper=sheet, scores=a)
    result = services.paper_entry_record(actor=clerks[1], paper=sheet, scores=b)
    assert result == {"counted": False, "entries": 2, "mismatch": True}
    assert list(selectors.paper_mismatches(open_evaluation)) == [sheet]
    assert selectors.paper_counts(open_evaluation) == {"printed": 1, "counted": 0, "once": 0, "mismatched": 1}
    assert services.paper_entry_record(actor=clerks[2], paper=sheet, scores=a)["counted"] is True
    assert BallotAnswers.objects.filter(unit__code="XN").get().answers == "0" * 18
    assert not selectors.paper_mismatches(open_evaluation).exists()


def test_malformed_entry_stores_nothing(open_evaluation, tree, clerks):
    (sheet,) = services.paper_ballots_print(actor=tree.office, evaluation=open_evaluation, count=1, category="citizen")
    scores = full_scores(open_evaluation)
    scores["XN"]["A1.1"] = 7
    with pytest.raises(ValidationError):
        services.paper_entry_record(actor=clerks[0], paper=sheet, scores=scores)
    assert not PaperEntry.objects.exists()


def test_sheet_lines_parse_to_scores(open_evaluation):
    rubric = services.ballot_rubric(open_evaluation)
    scores = services.parse_sheet(rubric, {"XN": "3" * 17 + "9"})
    assert scores["XN"]["A1.1"] == 3 and list(scores["XN"].values())[-1] == 9
    with pytest.raises(ValidationError):
        services.parse_sheet(rubric, {"XN": "33"})
    with pytest.raises(ValidationError):
        services.parse_sheet(rubric, {"XN": "x" * 18})
