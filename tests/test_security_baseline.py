"""The trust baseline: production settings pass `check --deploy`, CSP has no unsafe-inline, learner pages
are never cached, and audit events cannot be changed."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.audit.models import AuditEvent
from trellis.apps.audit.services import record_event

REPO = Path(__file__).resolve().parents[1]
User = get_user_model()


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    # Only what a deployment sets: not the test run's own switches (e.g. Playwright's async-unsafe flag).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "TRELLIS_ENV": "production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "trellis.example.org",
        "TRELLIS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "TRELLIS_DEMO": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup(); "
            "print(s.DEMO_MODE, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        ],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "trellis.config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    # Demo mode can never be on in production, whatever TRELLIS_DEMO says.
    assert shown.stdout.split() == ["False", "True", "True", "True"]


@pytest.mark.django_db
def test_pages_carry_a_csp_without_unsafe_inline(client: Client) -> None:
    response = client.get(reverse("accounts:sign-in"))
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert b"<script>" not in response.content and b" style=" not in response.content


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored(client: Client) -> None:
    user = User.objects.create_user(username="kim", password="x" * 12)
    client.force_login(user, backend="trellis.apps.accounts.backends.TrellisBackend")
    response = client.get(reverse("home"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_audit_events_are_append_only() -> None:
    event = record_event(
        actor_id=1,
        action="read",
        subject_kind="learner",
        subject_id=uuid.uuid4(),
        relation="advisor_of",
        what="x",
    )
    event.what = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).what == "x"
