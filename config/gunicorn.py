"""gunicorn's settings in production: `gunicorn -c config/gunicorn.py config.wsgi`
(Procfile.production). Each can be changed from the environment."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
# One JSON object a request on standard output, with the request's id (X-Request-ID).
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)


def on_starting(server):
    """With PROMETHEUS_MULTIPROC_DIR set, the workers add up their request metrics in that
    directory: it is emptied as the server starts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
