"""Access-matrix rows for the learning pages (practice, submitted work, scoring, peer review).

Kept apart from matrix.py so each room of the product adds its rows in its own file; matrix.py joins them.
"""

from __future__ import annotations

from .matrix_base import Case

LEARNING_CASES: tuple[Case, ...] = ()
