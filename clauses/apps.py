from django.apps import AppConfig


class ClausesConfig(AppConfig):
    name = "clauses"
    verbose_name = "considérations sociales"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
