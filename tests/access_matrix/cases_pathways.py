"""Access-matrix rows for the pathways pages and API operations (joined into CASES by matrix.py)."""

from __future__ import annotations

from .matrix_base import Case

PATHWAYS_CASES: tuple[Case, ...] = ()
