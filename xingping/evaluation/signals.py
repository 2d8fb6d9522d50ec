"""A verified misconduct case proposes a veto (the cases app knows nothing of evaluations)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from xingping.cases.models import Case


@receiver(post_save, sender=Case, dispatch_uid="evaluation-veto-from-case")
def propose_veto(sender, instance, **kwargs):
    if instance.verified:
        from xingping.evaluation.services import veto_propose_for_case

        veto_propose_for_case(case=instance)
