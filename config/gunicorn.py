"""gunicorn's settings in production: `gunicorn -c config/gunicorn.py config.wsgi`
(Procfile.production). Each can be changed from the environment."""

import json
import os

from gunicorn.glogging import Logger

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
# One JSON object a request on standard output, with the request's id (X-Request-ID).
accesslog = "-"


class JsonAccessLogger(Logger):
    """gunicorn's access log as JSON, each value escaped (a path may hold any character)."""

    def access(self, resp, req, environ, request_time):
        if not self.cfg.accesslog:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            json.dumps(
                {
                    "time": atoms["t"],
                    "method": atoms["m"],
                    "path": atoms["U"],
                    "status": int(str(atoms["s"])[:3] or 0),
                    "bytes": atoms["B"],
                    "ms": atoms["M"],
                    "request_id": atoms.get("{x-request-id}o", "-"),
                }
            )
        )


logger_class = JsonAccessLogger


def on_starting(server):
    """With PROMETHEUS_MULTIPROC_DIR set, the workers add up their request metrics in that
    directory: it is emptied as the server starts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def post_worker_init(worker):
    """Once a worker has loaded the application, what it loaded (Django, the apps, their
    models and URL patterns) is set aside from the garbage collector (`gc.freeze`): a full
    collection during a request then looks only at objects made since, instead of pausing
    that request to walk the whole application."""
    import gc

    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
