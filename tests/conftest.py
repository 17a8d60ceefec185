import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing kept: ids are reused between tests, and a header kept
    for one test's user must not show in the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
