from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "partenaires"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
