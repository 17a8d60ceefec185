"""Settings for `make bench`'s loader and timer: the development settings with the
benchmark tooling installed. The pages it times are served with the production settings."""

from .local import *  # noqa: F403
from .local import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# The cache the timed server uses (`bench._environment`): the benchmark's own writes (growing
# the unrelated data and shrinking it again) forget the pages that server kept before them
# (`cases.common.kept_pages`), as any write of the service's would.
CACHES = {"default": env.cache("BENCH_CACHE_URL", default="redis://127.0.0.1:6379/14")}
CACHES["default"]["BACKEND"] = "config.cache.RedisCache"
