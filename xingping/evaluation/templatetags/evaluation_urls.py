"""`{% evurl 'evaluation:NAME' evaluation arg… %}`: the address of one evaluation's page.

The root's (the city's) evaluation keeps C7's addresses (/evaluation/<slug>/…); any other
holder's is at /evaluation/<slug>/levels/<CODE>/… (see evaluation/urls.py)."""

from django import template
from django.urls import reverse

register = template.Library()


def ev_reverse(name, evaluation, *args, query=""):
    prefix = [evaluation.campaign.slug]
    if evaluation.holder.parent_id is not None:
        prefix.append(evaluation.holder.code)
    return reverse(name, args=[*prefix, *args]) + (f"?{query}" if query else "")


@register.simple_tag
def evurl(name, evaluation, *args):
    return ev_reverse(name, evaluation, *args)
