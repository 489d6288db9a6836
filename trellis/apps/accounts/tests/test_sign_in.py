"""Sign-in: lockout after 5 failures per user+IP, no user enumeration, demo accounts only in demo mode."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trellis.apps.accounts.services import make_demo_account, set_language
from trellis.lib.errors import ServiceError

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a long enough password"


@pytest.fixture
def person() -> Any:
    return User.objects.create_user(username="rowan", password=PASSWORD)


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


def test_right_password_signs_in(client: Client, person: Any) -> None:
    response = _sign_in(client, "rowan", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:preferences")).status_code == 200


def _error_block(content: bytes) -> bytes:
    start = content.index(b'class="error-summary"')
    return content[start : content.index(b"</div>", start)]


def test_wrong_password_and_unknown_user_get_the_same_answer(client: Client, person: Any) -> None:
    wrong = _sign_in(client, "rowan", "not the password")
    unknown = _sign_in(Client(), "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert b"Please enter a correct username and password" in wrong.content
    assert _error_block(wrong.content) == _error_block(unknown.content)


def test_five_failures_lock_the_user_from_that_address(client: Client, person: Any) -> None:
    for _ in range(5):
        _sign_in(client, "rowan", "wrong password")
    locked = _sign_in(client, "rowan", PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed attempts" in locked.content
    assert client.get(reverse("accounts:preferences")).status_code == 302  # still signed out


def test_lockout_of_an_unknown_user_looks_the_same(client: Client) -> None:
    for _ in range(5):
        _sign_in(client, "ghost", "wrong password")
    assert b"Too many failed attempts" in _sign_in(client, "ghost", "anything").content


def test_deactivated_account_cannot_sign_in(client: Client, person: Any) -> None:
    person.is_active = False
    person.save()
    response = _sign_in(client, "rowan", PASSWORD)
    assert response.status_code == 200 and b"Please enter a correct username and password" in response.content


def test_demo_accounts_sign_in_only_in_demo_mode(client: Client, person: Any, settings: Any) -> None:
    make_demo_account(user=person, password=PASSWORD)
    settings.DEMO_MODE = False
    assert _sign_in(client, "rowan", PASSWORD).status_code == 200
    settings.DEMO_MODE = True
    assert _sign_in(client, "rowan", PASSWORD).status_code == 302


def test_language_preference_chooses_the_page_language(client: Client, person: Any) -> None:
    client.force_login(person, backend="trellis.apps.accounts.backends.TrellisBackend")
    response = client.post(reverse("accounts:preferences"), {"language": "es"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:preferences"))
    assert b'<html lang="es">' in page.content
    with pytest.raises(ServiceError):
        set_language(user=person, language="xx")
