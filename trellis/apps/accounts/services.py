"""Writes to accounts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from trellis.lib.errors import ServiceError

from .models import User


@transaction.atomic
def set_language(*, user: User, language: str) -> User:
    if language not in User.Language.values:
        raise ServiceError(_("Choose English or Spanish."), field="language")
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def create_account(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    password: str | None = None,
    language: str = User.Language.ENGLISH,
    is_demo: bool = False,
) -> User:
    """An account made in the app (e.g. a community mentor who is not on the roster)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("The username “%(name)s” is taken.") % {"name": username}, field="username")
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        is_demo=is_demo,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def set_password(*, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def make_demo_account(*, user: User, password: str) -> User:
    """Give a demo-school account its published password; it signs in only while demo mode is on."""
    user.is_demo = True
    user.set_password(password)
    user.save(update_fields=["is_demo", "password"])
    return user
