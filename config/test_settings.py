"""Settings for the test suite: the production settings with a test key and plain static files."""

import os

# Set before the settings read .env, which would otherwise bring the developer's DEBUG=1 into the tests.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-levier")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: E402,F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VARIABLE[%s]"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# The suite's admins sign in with force_login and no device: two factors are not required of them, except in
# tests/test_two_factor.py (and the admin's browser journey), which turn it on; a device, once set up, is always asked.
LEVIER_OTP_REQUIRED = False
