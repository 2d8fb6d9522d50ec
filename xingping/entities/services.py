"""Writes for the registry: starting a background import from the web UI."""

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.core import audit, tabular
from xingping.core.uploads import validate_upload
from xingping.entities.models import ImportJob

IMPORT_MAX_BYTES = 300 * 1024 * 1024


def count_rows(path):
    """Data rows in the file (for the progress bar), without parsing it."""
    if path.lower().endswith(".csv"):
        with open(path, "rb") as f:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1, 0)
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return max((wb.worksheets[0].max_row or 1) - 1, 0)
    finally:
        wb.close()


def import_job_start(*, actor, kind, uploaded):
    """Check the upload (type by content, size, zip bomb), store it and queue the import."""
    from xingping.entities.tasks import run_import

    name = uploaded.name or ""
    if name.lower().endswith(".xlsx"):
        validate_upload(uploaded, allowed=("xlsx",), max_bytes=IMPORT_MAX_BYTES)
    elif name.lower().endswith(".csv"):
        if uploaded.size > IMPORT_MAX_BYTES or uploaded.size == 0:
            raise ValidationError(_("The file is empty or too large."))
        uploaded.seek(0)
        if b"\x00" in uploaded.read(4096):
            raise ValidationError(_("This is not a text CSV file."))
        uploaded.seek(0)
    else:
        raise ValidationError(_("Only .csv and .xlsx files are accepted."))
    with transaction.atomic():
        job = ImportJob(kind=kind, original_name=os.path.basename(name)[:200], created_by=actor)
        job.file.save(os.path.basename(name), uploaded, save=False)
        try:
            if name.lower().endswith(".xlsx"):
                tabular.check_xlsx(job.file.path)
            job.total_rows = count_rows(job.file.path)
        except tabular.TabularError as exc:
            job.file.delete(save=False)
            raise ValidationError(str(exc))
        except Exception as exc:  # a corrupt workbook
            job.file.delete(save=False)
            raise ValidationError(_("Not a readable XLSX file: %s") % exc)
        job.save()
        audit.record(actor=actor, action="import-start", obj=job, new={"kind": kind, "file": job.original_name,
                                                                       "rows": job.total_rows})
    run_import.enqueue(job.pk)
    return job
