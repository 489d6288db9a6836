"""Helpers for tests: where the shared public data lives."""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
ONEROSTER_SAMPLES = SHARED_DATA / "standards" / "oneroster"
CASE_SAMPLES = SHARED_DATA / "standards" / "case"
