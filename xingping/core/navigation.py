"""The navigation bar. Each entry: (url name, label, who sees it). An entry whose URL is
not defined (yet) is skipped, so apps add their pages by defining `<app>:index`."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from xingping.accounts.models import Role

ANY = None
ENTRIES = [
    ("core:dashboard", _("Dashboard"), ANY),
    ("campaigns:index", _("Campaign"), ANY),
    ("orgs:index", _("Units"), ANY),
    ("entities:index", _("Market entities"), ANY),
    ("outreach:index", _("Visits"), ANY),
    ("cases:index", _("Cases"), ANY),
    ("rectification:index", _("Rectification"), ANY),
    ("evaluation:index", _("Evaluation"), (Role.OFFICE, Role.AUDITOR, Role.INSPECTOR, Role.LEADER)),
    ("metrics:index", _("Target figures"), ANY),
    ("publicity:manage", _("Publicity"), ANY),
    ("core:audit-log", _("Audit log"), (Role.OFFICE, Role.AUDITOR, Role.INSPECTOR)),
]


def entries_for(user, current_path=""):
    items = []
    for name, label, roles in ENTRIES:
        if roles is not None and not user.has_role(*roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items
