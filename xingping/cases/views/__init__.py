"""Views of the cases app: staff pages (`staff`), the art. 49 report (`report`) and the
public pages (`public`). `urls.py` reaches them all through this package."""

from xingping.cases.views.public import public_disclosure, public_file, public_hotlines, public_track, public_unit_options  # noqa: F401
from xingping.cases.views.report import disclosure_report  # noqa: F401
from xingping.cases.views.staff import (  # noqa: F401
    attachment,
    case_consult,
    case_detail,
    case_import,
    case_new,
    case_request_new,
    case_transition,
    decorate,
    deputies,
    holidays,
    index,
    queue,
    request_decide,
    transfer_unit_options,
    unit_options,
)
