from django.contrib import admin
from django.shortcuts import render
from django.urls import include, path

from accounts.two_factor import admin_site_permission
from accounts.two_factor_views import TwoFactorSetupView, TwoFactorVerifyView
from reporting.views import HomeView

admin.site.site_header = "Levier – administration"
admin.site.site_title = "Levier"
# Staff reach the admin verified by their second factor (accounts.two_factor), as django-otp's OTPAdminSite does, but
# through Levier's own sign-in pages rather than a code field added to the admin's login form.
admin.site.has_permission = admin_site_permission(admin.site.has_permission)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/double-authentification/", TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("accounts/double-authentification/code/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("partenaires/", include("partners.urls")),
    path("partenaires/", include("markets.organisation_urls")),  # an organisation's page, with its contracts
    path("marches/", include("markets.urls")),
    path("", include("reporting.urls")),  # /rapports/… and /marches/<pk>/rapport.pdf
    path("", include("plans.urls")),  # /rapports/plans/…
    path("clauses/", include("clauses.urls")),
    path("suivi/", include("followup.urls")),
    path("admin/", admin.site.urls),
]


def bad_request(request, exception):
    """Django's own 400 view renders its template without the request: base.html needs it (menu, CSP nonce)."""
    return render(request, "400.html", status=400)


handler400 = bad_request
