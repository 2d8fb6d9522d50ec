from django.utils.translation import gettext_lazy as _

from xingping.core.public import register_public_page

register_public_page(key="rectification-board", url_name="rectification:board", title=_("Rectification board"),
                     description=_("What was found and how it is being fixed."), order=60, icon="bi-clipboard-check")
