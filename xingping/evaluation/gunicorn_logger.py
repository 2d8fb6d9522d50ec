"""gunicorn's access logger with ballot tokens redacted (C7, R13.4; deploy/gunicorn.conf.py).

Apart from `logredact` so that only gunicorn imports gunicorn: `logredact`'s filter is set up
by every process, each management command included."""

from gunicorn.glogging import Logger as GLogger

from xingping.evaluation.logredact import redact


class GunicornLogger(GLogger):
    """Access log lines with ballot tokens redacted (request line, path, referer, query)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():  # the request line, path, referer and every {…}e / {…}i atom
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
