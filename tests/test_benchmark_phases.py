"""The bulk-ingest benchmark's step timing wraps the steps only while asked to, and puts them back."""

from __future__ import annotations

import datetime as dt

from benchmarks.mastery import _phases_timed
from trellis.apps.evidence import services


def test_steps_are_timed_inside_the_block_and_restored_after_it() -> None:
    original = services._build
    with _phases_timed(True) as spent:
        assert services._build is not original
        assert services._build([], dt.datetime.now(dt.UTC)) == ([], [])
    assert services._build is original
    assert spent["build and check rows"] > 0
    assert spent["write evidence"] == 0.0  # not called


def test_nothing_is_wrapped_unless_asked() -> None:
    original = services._build
    with _phases_timed(False) as spent:
        assert services._build is original
    assert spent == {}
