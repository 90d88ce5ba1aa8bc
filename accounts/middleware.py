import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from territories.scope import database_scope

from . import two_factor
from .models import Role

logger = logging.getLogger(__name__)


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
ACCOUNT_PAGES |= {"password_reset_confirm", "password_reset_complete", "two_factor_setup", "two_factor_verify"}
FIGURES_PAGES = ACCOUNT_PAGES | {"home", "reporting:reports", "reporting:survey"}
ROLE_PAGES = {
    Role.NONE: ACCOUNT_PAGES,
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


class TwoFactorMiddleware:
    """A session signed in by password whose second factor is still to give (the code of its device) or to set up
    (an admin without a device) reaches that page and the sign-out only, Django's admin included
    (accounts.two_factor)."""

    PAGES = {two_factor.VERIFY: "two_factor_verify", two_factor.SETUP: "two_factor_setup"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = two_factor.pending(request)
        if pending is None or request.resolver_match.view_name in {self.PAGES[pending], "logout"}:
            return None
        return redirect(f"{reverse(self.PAGES[pending])}?{urlencode({'next': request.get_full_path()})}")


class ConflictMiddleware:
    """Two people saving the same thing at once (two validations, two imports of one file): the second one's
    IntegrityError, whatever view it comes from, answers a French 409 page instead of a server error. The view's
    transaction was rolled back: nothing of the second save was written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("Conflit d'écriture sur %s : %s", request.path, exception)
        return render(request, "409.html", status=409)


class PrivateCacheMiddleware:
    """Every response to a signed-in user may hold personal data (participants' pages and JSON, exports, PDFs, the
    right-of-access download): ``Cache-Control: no-store, private`` keeps it out of shared and browser caches,
    unless the view chose its own caching. Static files are served by WhiteNoise before this middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


def start_session(sender, request, user, **kwargs):
    """At sign-in, the session records its start (connected to ``user_logged_in`` in accounts.apps)."""
    now = int(time.time())
    request.session[SessionTimeoutMiddleware.STARTED] = request.session[SessionTimeoutMiddleware.SEEN] = now


class SessionTimeoutMiddleware:
    """Signs a user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request (30 minutes by default) and
    ``SESSION_ABSOLUTE_TIMEOUT`` seconds after signing in (12 hours), whatever the activity. The cookie itself
    lasts the absolute lifetime (SESSION_COOKIE_AGE); the session records when it began (at sign-in,
    ``start_session``) and when it was last used (rewritten at most once a minute, so that a page's requests do not
    each write the session)."""

    STARTED, SEEN = "levier_started", "levier_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started, seen = session.get(self.STARTED), session.get(self.SEEN)
            if started is None:
                session[self.STARTED] = session[self.SEEN] = now
            elif now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, "Votre session a expiré : reconnectez-vous.")
                return redirect_to_login(request.get_full_path())
            elif now - seen >= 60:
                session[self.SEEN] = now
        return self.get_response(request)
