"""`xingping evaluation new|open|close|tokens|results|recompute|followups --campaign SLUG [--unit CODE]` (C7).

`--unit CODE` names the holding unit; without it, the root unit's evaluation."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xingping.core.commands import campaign_arg, unit_arg
from xingping.evaluation import selectors, services
from xingping.evaluation.models import EvaluatorCategory
from xingping.orgs.models import OrgUnit


class Command(BaseCommand):
    # Start fast (issue 14): the system checks import every view; `xingping check` runs them.
    requires_system_checks = []
    help = "Run a campaign's evaluations: create, open or close voting, issue ballot URLs, print results."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("new", "open", "close", "tokens", "results", "recompute", "followups"):
            p = sub.add_parser(name)
            p.add_argument("--campaign", required=True)
            p.add_argument("--unit", default=None, help="the holding unit's code (default: the root unit)")
            if name == "new":
                p.add_argument("--units", default=None, help="CODE,CODE,… (default: every unit below, but departments)")
            if name == "tokens":
                p.add_argument("--count", type=int, required=True)
                p.add_argument("--category", default=EvaluatorCategory.CITIZEN, choices=EvaluatorCategory.values)
            if name == "results":
                p.add_argument("--format", default="json", choices=["json"])

    def handle(self, *args, action, campaign, unit, **options):
        camp = campaign_arg(campaign)
        holder = unit_arg(unit)
        try:
            getattr(self, f"do_{action}")(camp, holder, **options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _existing(self, camp, holder):
        evaluation = selectors.evaluation_for(camp, holder)
        if evaluation is None:
            if holder is not None and holder.parent_id is not None:
                raise CommandError(_("%(unit)s holds no evaluation in this campaign; run `xingping evaluation new` first.")
                                   % {"unit": holder.name})
            evaluation = services.evaluation_setup(actor=None, campaign=camp, holder=holder)
        return evaluation

    def do_new(self, camp, holder, units=None, **options):
        if holder is None:
            raise CommandError(_("Name the unit that holds the evaluation with --unit."))
        chosen = None
        if units:
            codes = [c.strip() for c in units.split(",") if c.strip()]
            chosen = list(OrgUnit.objects.filter(code__in=codes))
            missing = sorted(set(codes) - {u.code for u in chosen})
            if missing:
                raise CommandError(_("No such unit: %(codes)s") % {"codes": ", ".join(missing)})
        evaluation = services.evaluation_new(actor=None, campaign=camp, holder=holder, units=chosen)
        self.stdout.write(f"evaluation created: {camp.slug} / {holder.code} ({evaluation.units.count()} units)")

    def do_open(self, camp, holder, **options):
        evaluation = self._existing(camp, holder)
        services.evaluation_open(actor=None, evaluation=evaluation)
        self.stdout.write(f"voting open: {camp.slug} / {evaluation.holder.code} "
                          f"({evaluation.units.count()} units, {evaluation.items.count()} items)")

    def do_close(self, camp, holder, **options):
        evaluation = self._existing(camp, holder)
        services.evaluation_close(actor=None, evaluation=evaluation)
        self.stdout.write(f"voting closed: {camp.slug} / {evaluation.holder.code} "
                          f"({selectors.ballot_count(evaluation)} ballots)")

    def do_tokens(self, camp, holder, count, category, **options):
        if count < 1:
            raise CommandError(_("--count must be at least 1."))
        evaluation = self._existing(camp, holder)
        for _e, _c, token in services.tokens_issue(actor=None, evaluation=evaluation, count=count, category=category):
            self.stdout.write(services.ballot_url(token))

    def do_results(self, camp, holder, **options):
        evaluation = selectors.evaluation_for(camp, holder)
        if evaluation is None or not evaluation.is_closed:
            raise CommandError(_("The results can be read once voting has closed."))
        by_source = selectors.ballots_by_source(evaluation)
        data = {
            "ballots": selectors.ballot_count(evaluation),
            "phone_ballots": by_source["phone"], "paper_ballots": by_source["paper"],
            "unit": evaluation.holder.code,
            "min_answered": evaluation.min_answered,
            "work_score_available": not evaluation.work_unavailable,
            "units": [
                {"code": r.unit.code, "name": r.unit.name, "score": None if r.score is None else float(r.score),
                 "rank": r.rank, "grade": r.grade or None, "grade_label": r.grade_label or None,
                 "answered": r.answered, "phone_ballots": r.phone_ballots, "paper_ballots": r.paper_ballots,
                 "democratic_score": float(r.democratic_score),
                 "work_score": None if r.work_score is None else float(r.work_score), "vetoed": r.vetoed}
                for r in selectors.results(evaluation)
            ],
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def do_recompute(self, camp, holder, **options):
        evaluation = self._existing(camp, holder)
        services.results_recompute(actor=None, evaluation=evaluation)
        state = _("work score unavailable, results pending") if evaluation.work_unavailable else "ok"
        self.stdout.write(f"results computed: {camp.slug} / {evaluation.holder.code} ({state})")

    def do_followups(self, camp, holder, **options):
        evaluation = self._existing(camp, holder)
        n = services.followups_advance(actor=None, evaluation=evaluation)
        self.stdout.write(f"progress reports scheduled: {n}")
