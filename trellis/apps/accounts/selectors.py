from __future__ import annotations

from .models import User


def language_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in User.Language.choices]
