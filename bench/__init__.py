"""`make bench`: load a benchmark database at volume and time the pages on gunicorn.

Tooling, not part of the service: a Django app that only `config.settings.bench` installs.
"""
