# gunicorn settings for an app server (example): `gunicorn -c deploy/gunicorn.conf.py xingping.wsgi`.
# The access log redacts ballot tokens (/api/v1/ballots/[redacted]/, /evaluation/b/[redacted]/):
# a token next to a time could link a ballot to the evaluator it was issued to (C7).
from xingping.evaluation.logredact import GunicornLogger

bind = "0.0.0.0:8000"
workers = 4
accesslog = "-"
logger_class = GunicornLogger
