from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "comptes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session
        from .two_factor import mark_pending

        user_logged_in.connect(start_session, dispatch_uid="levier_start_session")
        user_logged_in.connect(mark_pending, dispatch_uid="levier_two_factor_pending")
