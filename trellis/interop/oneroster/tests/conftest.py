"""Fixtures for the OneRoster tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def copy_bundle(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a sample bundle into tmp_path and return the copy's folder."""

    def copy(bundle: Path) -> Path:
        target = tmp_path / bundle.name
        shutil.copytree(bundle, target)
        return target

    return copy
