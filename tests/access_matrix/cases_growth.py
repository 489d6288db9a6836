"""Access-matrix rows for the growth pages and API operations (joined into CASES by matrix.py)."""

from __future__ import annotations

from .matrix_base import Case

GROWTH_CASES: tuple[Case, ...] = ()
