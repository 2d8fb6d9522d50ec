# gunicorn settings for an app server (example): `gunicorn -c deploy/gunicorn.conf.py xingping.wsgi`.
# The access log redacts ballot tokens (/api/v1/ballots/[redacted]/, /evaluation/b/[redacted]/):
# a token next to a time could link a ballot to the evaluator it was issued to (C7).
import multiprocessing
import os

from xingping.evaluation.gunicorn_logger import GunicornLogger

bind = "0.0.0.0:8000"
# Sync workers: every request (a ballot post is ~2 ms of CPU and one short transaction) is
# CPU-bound, so threads would only add GIL contention; 2 × cores + 1 keeps the cores busy
# while one worker waits on the database (bench/ballots.py, docs/evaluation.md "Load").
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or 2 * multiprocessing.cpu_count() + 1
worker_class = "sync"
# A hall of phones connects at once: queue them rather than refuse them.
backlog = 4096
timeout = 60
accesslog = "-"
logger_class = GunicornLogger
