"""Views of the publicity app: the public pages (`public.py`, no login) and the staff pages
(`staff.py`, scoped by the publicity policy)."""

from xingping.publicity.views.public import (  # noqa: F401
    letter_detail, letters, news, news_detail, news_feed, plan, portal, unit_detail, units,
)
from xingping.publicity.views.staff import (  # noqa: F401
    commitment_delete, commitment_edit, commitments, commitments_unit, item_detail, item_edit, item_new,
    item_publish, item_return, item_submit, manage,
)
