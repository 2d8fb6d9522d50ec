"""The navigation bar. Each entry: (url name, label). An entry whose URL is not defined
(yet) is skipped, so apps add their pages by defining `<app>:index`; an entry is shown when
the gate on its view (`policy_required`) admits the user — the app's policy decides, core
names no role."""

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from xingping.core.policy import view_allows

ENTRIES = [
    ("core:dashboard", _("Dashboard")),
    ("campaigns:index", _("Campaign")),
    ("orgs:index", _("Units")),
    ("entities:index", _("Market entities")),
    ("outreach:index", _("Visits")),
    ("cases:index", _("Cases")),
    ("rectification:index", _("Rectification")),
    ("evaluation:index", _("Evaluation")),
    ("metrics:index", _("Target figures")),
    ("publicity:manage", _("Publicity")),
    ("core:audit-log", _("Audit log")),
    ("orgs:setup", _("Setup")),  # 设置: the office's set-up pages
]


def entries_for(user, current_path=""):
    items = []
    for name, label in ENTRIES:
        try:
            url = reverse(name)
            view = resolve(url).func
        except (NoReverseMatch, Resolver404):
            continue
        if not view_allows(view, user):
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items
