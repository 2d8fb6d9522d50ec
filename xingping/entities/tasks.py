"""Background imports started from the web UI (django-tasks, database backend; the worker
is `xingping db_worker`). Progress is written to the ImportJob row every 10,000 rows."""

from django.utils import timezone
from django_tasks import task

from xingping.core.imports import ImportFailed
from xingping.core.registry import importers
from xingping.core.tabular import TabularError
from xingping.entities.models import ImportJob, ImportJobStatus


@task()
def run_import(job_id):
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)

    def progress(rows):
        ImportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    importer = importers()[job.kind](actor=job.created_by, progress=progress)
    try:
        result = importer.run(job.file.path)
    except ImportFailed as exc:
        # every row was read (the save below writes rows_done: keep the count, not the 0 read at the start)
        job.status, job.summary, job.rows_done = ImportJobStatus.FAILED, exc.result.summary(), exc.result.rows
        job.errors = [list(e) for e in exc.result.errors]
    except TabularError as exc:
        job.status, job.summary, job.errors = ImportJobStatus.FAILED, str(exc), [[exc.row, "-", str(exc)]]
    else:
        job.status, job.summary, job.rows_done = ImportJobStatus.DONE, result.summary(), result.rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "errors", "rows_done", "finished_at"])
    return job.status
