from django.core.exceptions import PermissionDenied

from territories.scope import database_scope

from .models import Role


class DatabaseScopeMiddleware:
    """Runs each signed-in user's request in its database scope: PostgreSQL's row-level security then opens only
    the rows of the user's territories (or of a buyer user's organisation), whatever the query. The pages open to
    anonymous users (sign-in, password reset) read no territory table and keep the connection's default, which
    opens none in the web server (territories.scope)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        with database_scope(request.user.database_scope()):
            return self.get_response(request)


# The pages of the roles that read consolidated figures only (no contract, no participant): every other page
# answers 403 to them, whatever its view does.
ACCOUNT_PAGES = {"login", "logout", "password_change", "password_change_done", "password_reset", "password_reset_done"}
ACCOUNT_PAGES |= {"password_reset_confirm", "password_reset_complete"}
FIGURES_PAGES = ACCOUNT_PAGES | {"home", "reporting:reports", "reporting:survey"}
ROLE_PAGES = {
    Role.COORDINATION: FIGURES_PAGES | {"reporting:consolidated_pdf", "reporting:open_data"},
    Role.PLATFORM: FIGURES_PAGES | {"reporting:consolidated_pdf", "reporting:open_data"},
}
ROLE_NAMESPACES = {Role.PLATFORM: {"admin"}}


class RolePagesMiddleware:
    """Coordinations and the platform admin reach only the pages of their role (ROLE_PAGES)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        pages = ROLE_PAGES.get(user.role) if user.is_authenticated else None
        match = request.resolver_match
        if pages is None or match.view_name in pages or set(match.namespaces) & ROLE_NAMESPACES.get(user.role, set()):
            return None
        raise PermissionDenied
