from django.utils.translation import gettext_lazy as _

from xingping.core.public import register_public_page

register_public_page(key="plan", url_name="publicity:plan", title=_("Campaign plan and phases"),
                     description=_("What this year's appraisal does, and when."), order=10, icon="bi-calendar3")
register_public_page(key="letters", url_name="publicity:letters", title=_("Open letters"),
                     description=_("Letters to society from the bureaus."), order=20, icon="bi-envelope-open")
register_public_page(key="units", url_name="publicity:units", title=_("Service commitments and hotlines"),
                     description=_("Each unit's promises, complaint hotline and figures."), order=30,
                     icon="bi-telephone")
register_public_page(key="news", url_name="publicity:news", title=_("Conduct appraisal news column"),
                     description=_("Unit activities, experience and exemplary cases."), order=35, icon="bi-newspaper")
