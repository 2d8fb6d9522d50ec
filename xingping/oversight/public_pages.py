from django.utils.translation import gettext_lazy as _

from xingping.core.public import register_public_page

register_public_page(key="oversight-notices", url_name="oversight:public-notices", title=_("Public notices"),
                     description=_("Criticisms and commendations issued after inspections and the evaluation."),
                     order=70, icon="bi-megaphone")
