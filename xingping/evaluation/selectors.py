"""Reads for the evaluation, computed in the database."""

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from xingping.evaluation.models import Ballot, BallotToken, Evaluation, EvaluatorCategory, PaperEntry, PendingBallot
from xingping.evaluation.services import answer_is, answers_by_unit, democratic_scores, receipt_code


def evaluation_for(campaign, holder=None):
    """The evaluation `holder` holds in the campaign (default: the root unit's)."""
    if campaign is None:
        return None
    qs = Evaluation.objects.filter(campaign=campaign).select_related("campaign", "holder", "current_agenda__unit")
    if holder is None:
        return qs.filter(holder__parent__isnull=True).order_by("holder__path").first()
    return qs.filter(holder=holder).first()


def evaluations_of(campaign):
    """Every evaluation of the campaign, the root's first, with ballot counts (one query)."""
    return (Evaluation.objects.filter(campaign=campaign).select_related("campaign", "holder")
            .annotate(n_units=Count("units", distinct=True), n_ballots=Count("ballots", distinct=True))
            .order_by("holder__depth", "holder__path"))


def ballots_by_source(evaluation):
    """{"phone": n, "paper": n}: stored ballots and those waiting in the mixing buffer (two queries)."""
    out = {"phone": 0, "paper": 0}
    for model in (Ballot, PendingBallot):
        for source, n in model.objects.filter(evaluation=evaluation).values_list("source").annotate(n=Count("pk")).order_by():
            out[source] = out.get(source, 0) + n
    return out


def token_counts(evaluation):
    """Issued, used and still valid tokens (one query)."""
    counts = BallotToken.objects.filter(evaluation=evaluation).aggregate(
        n_issued=Count("pk"), n_used=Count("pk", filter=Q(used=True)),
        n_valid=Count("pk", filter=Q(used=False, revoked=False)),
    )
    return {key[2:]: value for key, value in counts.items()}


def ballot_count(evaluation):
    """Ballots cast: stored, and waiting in the mixing buffer (services/ballots.py)."""
    return Ballot.objects.filter(evaluation=evaluation).count() + PendingBallot.objects.filter(evaluation=evaluation).count()


def evaluators_with_tokens(evaluation):
    category_order = Case(*[When(category=c, then=Value(n)) for n, c in enumerate(EvaluatorCategory.values)])
    return evaluation.evaluators.annotate(
        valid_tokens=Count("tokens", filter=Q(tokens__used=False, tokens__revoked=False)),
        voted=Count("tokens", filter=Q(tokens__used=True)),
    ).order_by(category_order, "pk")


def results(evaluation):
    return evaluation.results.select_related("unit").order_by(F("rank").asc(nulls_last=True), "unit__path")


def item_breakdown(evaluation):
    """{(unit pk, item pk): {"avg": points, "n": answers, "counts": [n per choice]}} (one query)."""
    layout = evaluation.layout or {"items": [], "choices": []}
    extra = {"n": Count("ballot_id")}
    for k in range(len(layout["items"])):
        for j in range(len(layout["choices"])):
            extra[f"c{k}_{j}"] = Count("ballot_id", filter=answer_is(k, j))
    out = {}
    for unit, row in answers_by_unit(evaluation, extra=extra).items():
        for k, item in enumerate(layout["items"]):
            out[(unit, item)] = {"avg": row[f"p{k}"], "n": row["n"],
                                 "counts": [row[f"c{k}_{j}"] for j in range(len(layout["choices"]))]}
    return out


def category_breakdown(evaluation):
    """Democratic score by evaluator category, only for categories with at least
    `min_group_size` ballots; returns (shown [(category label, n, {unit pk: score})], hidden count)."""
    counts = dict(Ballot.objects.filter(evaluation=evaluation).values_list("category").annotate(n=Count("pk")).order_by())
    labels = dict(EvaluatorCategory.choices)
    shown, hidden = [], 0
    for code, n in sorted(counts.items()):
        if n >= evaluation.min_group_size:
            shown.append((labels.get(code, code), n, democratic_scores(evaluation, ballot__category=code)))
        else:
            hidden += n
    return shown, hidden


def tally(evaluation):
    """Every receipt code of a closed evaluation, sorted (the published tally)."""
    return sorted(receipt_code(n) for n in Ballot.objects.filter(evaluation=evaluation).values_list("nonce", flat=True))


def veto_candidates(evaluation, limit=50):
    """Verified misconduct cases about the evaluated units this campaign year (from the
    cases app when it is installed): the office decides which ones call for a veto."""
    from xingping.cases.models import Case

    return list(
        Case.objects.filter(kind="misconduct", verified=True, received_on__gte=evaluation.campaign.year_start,
                            subject_unit__in=evaluation.units.values("unit"))
        .select_related("subject_unit").order_by("subject_unit__path", "received_on")[:limit]
    )


def paper_mismatches(evaluation):
    """Paper ballots entered at least twice whose entries do not agree (a third look)."""
    return (evaluation.paper_ballots.filter(counted=False).annotate(n=Count("entries")).filter(n__gte=2)
            .order_by("number"))


def paper_counts(evaluation) -> dict:
    """Printed, counted, entered once, waiting for a third look (one query)."""
    entries = (PaperEntry.objects.filter(paper=OuterRef("pk")).order_by().values("paper")
               .annotate(c=Count("pk")).values("c"))
    counts = evaluation.paper_ballots.annotate(n=Coalesce(Subquery(entries), 0)).aggregate(
        n_printed=Count("pk"), n_counted=Count("pk", filter=Q(counted=True)),
        n_once=Count("pk", filter=Q(counted=False, n=1)), n_mismatched=Count("pk", filter=Q(counted=False, n__gte=2)),
    )
    return {key[2:]: value for key, value in counts.items()}


def category_assignments(evaluation):
    """[(category label, [unit names])] for the categories assigned units (one query)."""
    from xingping.orgs.models import OrgUnit

    mapping = evaluation.category_units or {}
    names = dict(OrgUnit.objects.filter(code__in=[c for codes in mapping.values() for c in codes]).values_list("code", "name"))
    labels = dict(EvaluatorCategory.choices)
    return [(labels.get(cat, cat), [names.get(c, c) for c in codes]) for cat, codes in sorted(mapping.items())]
