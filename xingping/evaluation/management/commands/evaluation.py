"""`xingping evaluation open|close|tokens|results|followups --campaign SLUG` (C7)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xingping.core.commands import campaign_arg
from xingping.evaluation import selectors, services
from xingping.evaluation.models import EvaluatorCategory


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Run the campaign's evaluation: open or close voting, issue ballot URLs, print results."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("open", "close", "tokens", "results", "followups"):
            p = sub.add_parser(name)
            p.add_argument("--campaign", required=True)
            if name == "tokens":
                p.add_argument("--count", type=int, required=True)
                p.add_argument("--category", default=EvaluatorCategory.CITIZEN, choices=EvaluatorCategory.values)
            if name == "results":
                p.add_argument("--format", default="json", choices=["json"])

    def handle(self, *args, action, campaign, **options):
        camp = campaign_arg(campaign)
        try:
            getattr(self, f"do_{action}")(camp, **options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def do_open(self, camp, **options):
        evaluation = services.evaluation_setup(actor=None, campaign=camp)
        services.evaluation_open(actor=None, evaluation=evaluation)
        self.stdout.write(f"voting open: {camp.slug} ({evaluation.units.count()} units, {evaluation.items.count()} items)")

    def do_close(self, camp, **options):
        evaluation = selectors.evaluation_for(camp)
        if evaluation is None:
            raise CommandError("the evaluation has not been set up")
        services.evaluation_close(actor=None, evaluation=evaluation)
        self.stdout.write(f"voting closed: {camp.slug} ({selectors.ballot_count(evaluation)} ballots)")

    def do_tokens(self, camp, count, category, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        evaluation = services.evaluation_setup(actor=None, campaign=camp)
        for _e, _c, token in services.tokens_issue(actor=None, evaluation=evaluation, count=count, category=category):
            self.stdout.write(services.ballot_url(token))

    def do_results(self, camp, **options):
        evaluation = selectors.evaluation_for(camp)
        if evaluation is None or not evaluation.is_closed:
            raise CommandError("results are available once voting is closed")
        data = {
            "ballots": selectors.ballot_count(evaluation),
            "units": [
                {"code": r.unit.code, "name": r.unit.name, "score": float(r.score), "rank": r.rank, "grade": r.grade,
                 "grade_label": r.grade_label, "democratic_score": float(r.democratic_score),
                 "work_score": float(r.work_score), "vetoed": r.vetoed}
                for r in selectors.results(evaluation)
            ],
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def do_followups(self, camp, **options):
        evaluation = selectors.evaluation_for(camp)
        if evaluation is None:
            raise CommandError("the evaluation has not been set up")
        n = services.followups_advance(actor=None, evaluation=evaluation)
        self.stdout.write(f"progress reports scheduled: {n}")
