"""Zip input: a .zip path, an uploaded file object, and damaged or oddly packed archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from trellis.interop.oneroster import parse_bundle

from .helpers import BULK, INVALID, fields_of, rejection


def zip_bytes(folder: Path, prefix: str = "", compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return buffer.getvalue()


def test_zip_path_and_upload_parse_like_the_folder(tmp_path: Path) -> None:
    expected = parse_bundle(BULK)
    path = tmp_path / "roster.zip"
    path.write_bytes(zip_bytes(BULK))
    from_path = parse_bundle(path)
    assert from_path == expected
    assert from_path.source == str(path)
    upload = io.BytesIO(path.read_bytes())
    from_upload = parse_bundle(upload)
    assert from_upload == expected
    assert from_upload.source == "upload.zip"
    assert from_upload.warnings == ()
    with open(path, "rb") as handle:
        assert parse_bundle(handle).source == str(path)


def test_zip_of_a_folder_is_forgiven(tmp_path: Path) -> None:
    data = zip_bytes(BULK, prefix="export-2026/")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("__MACOSX/export-2026/._users.csv", b"\x00\x05junk")
    bundle = parse_bundle(io.BytesIO(buffer.getvalue()))
    assert len(bundle.users) == 99
    assert len(bundle.warnings) == 1
    assert "export-2026" in bundle.warnings[0].message


def test_invalid_bundle_in_a_zip_reports_the_same_issues() -> None:
    case = INVALID / "duplicate-sourcedId"
    assert fields_of(rejection(io.BytesIO(zip_bytes(case))).issues) == fields_of(rejection(case).issues)


def test_not_a_zip() -> None:
    issue = rejection(io.BytesIO(b"sourcedId,status\r\n")).issues[0]
    assert (issue.file, issue.line) == ("upload.zip", 0)
    assert "zip" in issue.message


def test_damaged_member_is_reported_not_raised() -> None:
    data = bytearray(zip_bytes(BULK, compression=zipfile.ZIP_STORED))
    at = data.index(b"Alder Elementary")
    data[at : at + 5] = b"XXXXX"  # the stored bytes no longer match the CRC
    error = rejection(io.BytesIO(bytes(data)))
    assert [(issue.file, issue.field) for issue in error.issues] == [("orgs.csv", "")]
    assert "could not be read" in error.issues[0].message
