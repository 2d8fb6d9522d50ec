"""Ballot tokens never reach a log (C7, R13.4): a token in a logged URL could link a
ballot's time to the evaluator it was issued to.

- `RedactBallotTokens`: a logging filter (settings LOGGING, on `django.server` and
  `django.request`): `/api/v1/ballots/<token>/` → `/api/v1/ballots/[redacted]/`, and the
  ballot page `/evaluation/b/<token>/` likewise.
- `GunicornLogger` (`evaluation/gunicorn_logger.py`): gunicorn's access logger with the same
  redaction (deploy/gunicorn.conf.py); a module of its own, so that the logging set-up of every
  command does not import gunicorn (issue 14: start-up).
nginx does the same with a `map` (deploy/nginx.conf)."""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/(?:api/v1/ballots|evaluation/b)/)[^/\s?\"']+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactBallotTokens(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path") and TOKEN_IN_PATH.search(request.path or ""):
            record.request = None  # the handler would print the request's path again
        return True
