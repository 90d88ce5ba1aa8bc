from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = "territoires"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import checks, scope  # noqa: F401 (checks registers itself)

        connection_created.connect(scope.apply_process_default)
