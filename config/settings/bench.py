"""Settings for `make bench`'s loader and timer: the development settings with the
benchmark tooling installed. The pages it times are served with the production settings."""

from .local import *  # noqa: F403
from .local import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
