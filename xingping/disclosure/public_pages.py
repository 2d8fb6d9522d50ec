from django.utils.translation import gettext_lazy as _

from xingping.core.public import register_public_page

register_public_page(key="disclosure", url_name="disclosure:public-index", title=_("Government information disclosure"),
                     description=_("What each office must disclose, by which channel, and when it did."), order=60,
                     icon="bi-megaphone")
