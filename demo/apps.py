from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for a fictional territory; sits above every domain app."""

    name = "demo"
    verbose_name = "données de démonstration"
