"""Hardening: security headers, brute-force lockout, production settings."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse


def test_security_headers_on_every_page(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_page_has_no_inline_script_or_style(client):
    content = client.get(reverse("login")).content.decode()
    assert "<script>" not in content and "<style" not in content and 'style="' not in content


def test_lockout_after_repeated_failures(client, facilitator):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": facilitator.username, "password": "faux"})
        assert response.status_code == 200
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert client.post(url, {"username": facilitator.username, "password": "faux"}).status_code == 429
    # Locked: even the right password is refused, with a French explanation.
    response = client.post(url, {"username": facilitator.username, "password": "demo-levier"})
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_successful_login_with_the_right_password(client, facilitator):
    response = client.post(reverse("login"), {"username": facilitator.username, "password": "demo-levier"})
    assert response.status_code == 302


def test_check_deploy_with_production_settings_reports_nothing():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 30 + "production-like-secret-key-0123456789",
        "ALLOWED_HOSTS": "levier.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
