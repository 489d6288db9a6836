"""Settings every test shares."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests create many accounts and don't test the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default() -> Any:
    # Views activate a person's language for the rest of the thread; start every test from English.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _nothing_kept_from_earlier_tests() -> Any:
    # Frameworks' graphs are kept in memory by (id, revision); a rolled-back test's ids come back on SQLite.
    # Compiled checks are dropped after a test, in case it replaced what they are built from.
    from trellis.apps.frameworks.selectors import forget_graphs
    from trellis.lib.compiled import forget_compiled

    forget_graphs()
    yield
    forget_compiled()
