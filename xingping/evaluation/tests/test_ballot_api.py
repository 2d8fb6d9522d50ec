"""C7: the ballot API: what it asks, one ballot per token, every bad input, secrecy."""

import json

import pytest
from django.test import Client

from xingping.evaluation import services
from xingping.evaluation.models import Ballot, BallotAnswers, BallotToken
from xingping.evaluation.tests.conftest import api, full_scores, issue

pytestmark = pytest.mark.django_db


def post(client, token, body):
    return client.post(api(token), data=json.dumps(body), content_type="application/json")


def test_get_lists_units_items_and_choices(open_evaluation):
    token = issue(open_evaluation)[0]
    resp = Client().get(api(token))
    assert resp.status_code == 200
    data = resp.json()
    assert [u["code"] for u in data["units"]] == list(open_evaluation.units.values_list("unit__code", flat=True))
    assert "XG-BGS" not in {u["code"] for u in data["units"]}  # departments are not evaluated
    assert len(data["items"]) == 18
    assert data["items"][0]["code"] == "A1.1"
    assert data["items"][0]["choices"] == [{"value": 3, "label": "满意"}, {"value": 2, "label": "基本满意"},
                                           {"value": 1, "label": "不满意"},
                                           {"value": 9, "label": "不了解", "abstain": True}]


def test_unknown_token_is_404(open_evaluation):
    assert Client().get(api("nope")).status_code == 404
    assert post(Client(), "nope", {"scores": full_scores(open_evaluation)}).status_code == 404


def test_revoked_token_is_404(open_evaluation):
    token = issue(open_evaluation)[0]
    BallotToken.objects.update(revoked=True)
    assert Client().get(api(token)).status_code == 404


def test_valid_ballot_is_counted_once_without_login_or_csrf(open_evaluation):
    token = issue(open_evaluation)[0]
    client = Client(enforce_csrf_checks=True)
    resp = post(client, token, {"scores": full_scores(open_evaluation)})
    assert resp.status_code == 201
    receipt = resp.json()["receipt"]
    assert len(receipt) == 11 and receipt[5] == "-"
    assert Ballot.objects.count() == 1
    assert BallotAnswers.objects.count() == open_evaluation.units.count()
    assert {len(a) for a in BallotAnswers.objects.values_list("answers", flat=True)} == {18}
    again = post(client, token, {"scores": full_scores(open_evaluation)})
    assert again.status_code == 409
    assert client.get(api(token)).status_code == 409
    assert Ballot.objects.count() == 1


def _assert_400_nothing_stored(resp, token):
    assert resp.status_code == 400, resp.content
    assert Ballot.objects.count() == 0 and BallotAnswers.objects.count() == 0
    assert not BallotToken.objects.get(token_hash=services.hash_token(token)).used
    return resp.json()


def test_missing_unit_is_400(open_evaluation):
    token = issue(open_evaluation)[0]
    scores = full_scores(open_evaluation)
    del scores["XN01"]
    errors = _assert_400_nothing_stored(post(Client(), token, {"scores": scores}), token)
    assert list(errors["scores"]) == ["XN01"]


def test_missing_item_is_400(open_evaluation):
    token = issue(open_evaluation)[0]
    scores = full_scores(open_evaluation)
    del scores["XN"]["A3.2"]
    errors = _assert_400_nothing_stored(post(Client(), token, {"scores": scores}), token)
    assert list(errors["scores"]["XN"]) == ["A3.2"]


@pytest.mark.parametrize("value", [0, 4, 100, -1, "3", 2.5, True, None, [3]])
def test_value_outside_the_choices_is_400(open_evaluation, value):
    token = issue(open_evaluation)[0]
    scores = full_scores(open_evaluation)
    scores["HC"]["A6.4"] = value
    errors = _assert_400_nothing_stored(post(Client(), token, {"scores": scores}), token)
    assert list(errors["scores"]["HC"]) == ["A6.4"]


def test_unknown_unit_and_unknown_item_are_400(open_evaluation):
    token = issue(open_evaluation)[0]
    scores = full_scores(open_evaluation)
    scores["XG-BGS"] = scores["XN"].copy()  # a department is not on the ballot
    scores["HC"]["Z9"] = 3
    errors = _assert_400_nothing_stored(post(Client(), token, {"scores": scores}), token)
    assert set(errors["scores"]) == {"XG-BGS", "HC"}
    assert list(errors["scores"]["HC"]) == ["Z9"]


@pytest.mark.parametrize("body", ['{"scores": ', "[]", '{"votes": {}}', '{"scores": []}', '{"scores": {"XN": 3}}', "null",
                                  '{"scores": NaN}', "[" * 5000 + "]" * 5000])
def test_malformed_body_is_400(open_evaluation, body):
    token = issue(open_evaluation)[0]
    resp = Client().post(api(token), data=body, content_type="application/json")
    _assert_400_nothing_stored(resp, token)


def test_before_opening_and_after_closing_is_409(evaluation, tree):
    token, late = issue(evaluation, 2)
    assert post(Client(), token, {"scores": full_scores(evaluation)}).status_code == 409
    services.evaluation_open(actor=tree.office, evaluation=evaluation)
    assert post(Client(), token, {"scores": full_scores(evaluation)}).status_code == 201
    services.evaluation_close(actor=tree.office, evaluation=evaluation)
    resp = post(Client(), late, {"scores": full_scores(evaluation)})
    assert resp.status_code in (404, 409)  # unused tokens are revoked at the close
    assert Ballot.objects.count() == 1


def test_post_after_close_with_a_token_still_valid_is_409(open_evaluation, tree):
    token = issue(open_evaluation)[0]
    services.evaluation_close(actor=tree.office, evaluation=open_evaluation)
    BallotToken.objects.update(revoked=False)  # even if it had not been revoked
    assert post(Client(), token, {"scores": full_scores(open_evaluation)}).status_code == 409
    assert Ballot.objects.count() == 0


def test_stored_ballot_holds_nothing_linking_it_to_a_token(open_evaluation):
    """The ballot and score rows: random keys, the day only, the category, no token."""
    token = issue(open_evaluation)[0]
    receipt = post(Client(), token, {"scores": full_scores(open_evaluation)}).json()["receipt"]
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "evaluation_id", "category", "cast_on", "source", "nonce"}  # source: phone/paper
    answer_columns = {f.column for f in BallotAnswers._meta.concrete_fields}
    assert answer_columns == {"ballot_id", "unit_id", "answers"}
    assert Ballot._meta.get_field("cast_on").get_internal_type() == "DateField"
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    assert [f.name for f in BallotAnswers._meta.pk_fields] == ["ballot", "unit"]  # no sequence
    # The token's row has no link to the ballot, and keeps only a hash of the token.
    assert {f.name for f in BallotToken._meta.get_fields()} & {"ballot", "ballots"} == set()
    tok = BallotToken.objects.get()
    assert tok.token_hash == services.hash_token(token) and token not in tok.token_hash
    ballot = Ballot.objects.get()
    stored = " ".join(str(getattr(ballot, f.attname)) for f in Ballot._meta.concrete_fields)
    assert token not in stored and tok.token_hash not in stored
    # The receipt is derived from the ballot's own random nonce, not from the token.
    assert services.receipt_code(ballot.nonce) == receipt
    assert receipt not in (token, tok.token_hash)


def test_tokens_are_random_and_long(evaluation):
    tokens = issue(evaluation, 50)
    assert len(set(tokens)) == 50
    assert all(len(t) >= 22 for t in tokens)  # ≥ 128 bits in URL-safe base64
    assert BallotToken.objects.filter(token_hash__in=tokens).count() == 0


def test_get_is_fast_in_queries(open_evaluation, django_assert_max_num_queries):
    token = issue(open_evaluation)[0]
    Client().get(api(token))
    with django_assert_max_num_queries(2):
        assert Client().get(api(token)).status_code == 200


def test_not_json_is_415_and_a_form_post_400(open_evaluation):
    token = issue(open_evaluation)[0]
    assert Client().post(api(token), data="scores", content_type="text/plain").status_code == 415
    assert Client().post(api(token), data={"scores": "x"}).status_code == 400
    assert Ballot.objects.count() == 0
