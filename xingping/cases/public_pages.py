from django.utils.translation import gettext_lazy as _

from xingping.core.public import register_public_page

register_public_page(key="complaint", url_name="cases:public-file", title=_("File a complaint"),
                     description=_("Complaints, reports and suggestions, named or anonymous."), order=40,
                     icon="bi-pencil-square")
register_public_page(key="complaint-track", url_name="cases:public-track", title=_("Track a complaint"),
                     description=_("Look up progress and the reply with your tracking code."), order=45,
                     icon="bi-search")
register_public_page(key="disclosure-request", url_name="cases:public-disclosure", title=_("Request government information"),
                     description=_("Ask for government information that is not yet public and follow the reply with your tracking code."),
                     order=47,
                     icon="bi-file-earmark-text")
