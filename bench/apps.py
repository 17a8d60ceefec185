from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`'s loader and timer: tooling, installed only by the bench settings
    (`config.settings.bench`), never by the service itself."""

    name = "bench"
    verbose_name = "Benchmark tooling"
