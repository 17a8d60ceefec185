from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Compact register and cases"

    def ready(self):
        # Load the flows in every process (web, worker, timers), not only at migrate, and
        # register each subject's kinds of case and steps with the task engine.
        from cases import wiring

        wiring.connect()
