"""The schema tables agree with the record classes, and a generated bundle of any size is valid."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from trellis.interop.oneroster import Bundle, parse_bundle
from trellis.interop.oneroster.cells import (
    PARSE_BLANK,
    CellError,
    FileContext,
    WarningLog,
    blank_value,
    parser_for,
)
from trellis.interop.oneroster.schema import FILES, MANIFEST_FILES, REF, REFS, FileSpec

from .generate import generate


@pytest.mark.parametrize("spec", FILES, ids=lambda spec: spec.stem)
def test_record_attributes_follow_the_columns(spec: FileSpec) -> None:
    # The reader builds records positionally from the columns, so the orders must agree.
    assert [f.name for f in fields(spec.record)] == [c.attr for c in spec.columns] + ["line"]
    assert spec.header[:3] == ("sourcedId", "status", "dateLastModified")
    assert len(set(spec.header)) == len(spec.header)


def test_every_reference_targets_a_rostering_file() -> None:
    stems = {spec.stem for spec in FILES}
    assert stems <= set(MANIFEST_FILES)
    for spec in FILES:
        for column in spec.columns:
            assert (column.kind in (REF, REFS)) == bool(column.target)
            assert not column.target or column.target in stems
    assert {f.name for f in fields(Bundle)} >= {spec.attr for spec in FILES}


def test_generated_bundle_is_valid(tmp_path: Path) -> None:
    generate(tmp_path, users=400, enrollments=2_000)
    bundle = parse_bundle(tmp_path)
    assert (len(bundle.users), len(bundle.roles), len(bundle.enrollments)) == (400, 400, 2_000)
    assert len(bundle.classes) == 80
    assert bundle.warnings == ()
    assert bundle.unresolved_references() == []


@pytest.mark.parametrize("mode", ["bulk", "delta"])
def test_blank_shortcut_agrees_with_the_parsers(mode: str) -> None:
    # The reader skips the parser for blank cells; it must get what the parser would return.
    ctx = FileContext("x.csv", mode, WarningLog())
    for spec in FILES:
        for column in spec.columns:
            parse = parser_for(column)
            blank = blank_value(column, mode)
            if parse is None:
                assert blank == ""
            elif blank is PARSE_BLANK:
                with pytest.raises(CellError):
                    parse("", column, ctx)
            else:
                assert parse("", column, ctx) == blank, (spec.stem, column.name)
