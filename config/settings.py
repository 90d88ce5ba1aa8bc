"""Levier settings: everything that differs between machines comes from environment variables."""

import ipaddress
import os
from decimal import Decimal
from pathlib import Path

from dotenv import load_dotenv

from .database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent
# `make run` writes .env on first start (DEBUG=1, a generated SECRET_KEY); the environment wins over it.
load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY doit être défini quand DEBUG est désactivé : en développement, `make run` écrit un .env "
            "(DEBUG=1 et une clé générée) ; en production, voir .env.example."
        )
    SECRET_KEY = "dev-only-insecure-key-levier"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "pgtrigger",
    "territories",
    "accounts",
    "partners",
    "markets",
    "clauses",
    "followup",
    "plans",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.PrivateCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.DatabaseScopeMiddleware",
    "accounts.middleware.RolePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so that templates/django/forms/widgets/ can override Django's: select.html
# writes its options inline (one template include per option cost ~0.25 ms: 50 ms for the 200 buyers of a filter).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# PostgreSQL only: DATABASE_URL's server, or the one embedded in the project (config/database.py).
DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"), int(os.environ.get("CONN_MAX_AGE", "60")))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (accounts.login_throttle): 5 failed logins for a username from one client address lock
# that pair for 15 minutes (the owner signs in from elsewhere), and 30 failures from one address over every username
# lock the address. The client's address is read through the trusted reverse proxies only (accounts.client_address).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.login_throttle.LevierAxesHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    for proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(proxy, strict=False)
except ValueError as error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TRUSTED_PROXIES : adresse ou réseau illisible ({error}).") from error
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Two-factor authentication (accounts.two_factor): a TOTP application's code after the password, required of the
# admins (a territory's and the platform's; OTP_REQUIRED=0 lifts the requirement, never the code of a set-up device).
LEVIER_OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Levier")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
# Levier speaks French only, whatever the browser asks for.
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy: only this site's own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Uploads (imports) are read from memory up to 5 MB, streamed to a temporary file beyond.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions (accounts.middleware.SessionTimeoutMiddleware): signed out after 30 minutes without a request and 12 hours
# after signing in, whatever the activity; the cookie lasts no longer than that.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(12 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
if not DEBUG:
    # Production sits behind HTTPS (a reverse proxy that sets X-Forwarded-Proto).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Personal data (RGPD): participants are anonymised this many months after their exit from the pathway
# (`manage.py anonymise_participants`, daily). 24 by default: to be fixed with the data-protection officer.
LEVIER_PARTICIPANT_RETENTION_MONTHS = int(os.environ.get("PARTICIPANT_RETENTION_MONTHS", "24"))
# the access log (who viewed or exported which participant data): kept this many days, then purged (purge_access_log)
LEVIER_ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("ACCESS_LOG_RETENTION_DAYS", "365"))

# Statistical secrecy of the figures read from above (coordinations, open data) and by buyers (their dashboard, a
# company's page, a contract's follow-up, their PDFs and exports): a count of people or companies
# under this many units is shown as « secret » (partners.secrecy explains the default of 5; 3 at the least).
LEVIER_SECRECY_THRESHOLD = int(os.environ.get("SECRECY_THRESHOLD", "5"))
if LEVIER_SECRECY_THRESHOLD < 3:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRECY_THRESHOLD : 3 au moins (règle de fréquence du secret statistique).")

# The most hours one person can work in a month, on every contract together (followup.plausibility): above it a
# line is refused with the reason. 200 by default: about a full-time month at the legal maximum (48 h a week,
# 44 h on average over 12 weeks, Code du travail L3121-20 and L3121-22).
LEVIER_MAX_MONTH_HOURS = Decimal(os.environ.get("MAX_MONTH_HOURS", "200"))

# Default values a facilitator can override per territory in the reference data.
LEVIER_PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
