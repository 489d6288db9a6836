"""The learning part of the access-matrix world (activities, submitted work, peer reviews)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .world import World


def extend_world(w: World) -> None:
    """Add the learning objects the learning rows of the matrix need (none yet)."""
