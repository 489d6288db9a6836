"""Fuzzing: whatever is done to a valid bundle, parse_bundle answers with a Bundle or a
OneRosterError whose issues are all well-formed, never with any other exception; and whatever it
accepts, it writes back so that it reads the same."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trellis.interop.oneroster import Bundle, Issue, OneRosterError, parse_bundle, write_bundle

from .helpers import BULK, DELTA

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SAMPLES = {
    sample.name: {path.name: path.read_bytes() for path in sorted(sample.iterdir())}
    for sample in (BULK, DELTA)
}

#: Cell values that probe the parsers' edges.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "TRUE",
        "False",
        "true",
        "tobedeleted",
        "active",
        "ext:",
        "ext:x",
        "2026-13-01",
        "2026-02-29",
        "0000-01-01",
        "9999-12-31T23:59:59-05:00",
        "2026-09-15T14:00:00.000Z",
        "2026-09-15T14:00:00",
        "{a:b}",
        "{a:}",
        "{:b},{c:d}",
        ",",
        "a,,b",
        ' "quoted" ',
        "\r\n",
        "\x00",
        "\ufeff",
        "usr-0002",
        "sch-elem",
        "x" * 300,
        "Teacher ",
        "1/05/2023",
    ]
)
CELL = st.one_of(TRICKY, st.text(max_size=12))


def check_outcome(source: object) -> Bundle | None:
    """Parse; any exception but OneRosterError fails the test. Returns the bundle, if any."""
    error: OneRosterError | None = None
    try:
        bundle = parse_bundle(source)  # type: ignore[arg-type]
    except OneRosterError as exc:
        error = exc
    if error is not None:
        assert error.issues, "a OneRosterError must carry issues"
        assert str(error)
        for issue in [*error.issues, *error.warnings]:
            assert_well_formed(issue)
        return None
    for warning in bundle.warnings:
        assert_well_formed(warning)
    return bundle


def assert_well_formed(issue: Issue) -> None:
    assert isinstance(issue.file, str)
    assert issue.file
    assert isinstance(issue.line, int)
    assert issue.line >= 0
    assert isinstance(issue.field, str)
    assert isinstance(issue.message, str)
    assert issue.message
    assert str(issue).startswith(f"{issue.file}:{issue.line}: ")


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).write_bytes(data)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def byte_mutations(draw: st.DrawFn) -> dict[str, bytes]:
    """A sample with a few bytes of one or two files overwritten, inserted or deleted."""
    files = dict(SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))])
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(sorted(files)))
        data = bytearray(files[name])
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            chunk = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=3),
                    st.sampled_from([b",", b'"', b"\r\n", b"\n", b"\xff", b"\xef\xbb\xbf", b"\x00", b"{"]),
                )
            )
            action = draw(st.sampled_from(["overwrite", "insert", "delete"]))
            if action == "overwrite":
                data[at : at + len(chunk)] = chunk
            elif action == "insert":
                data[at:at] = chunk
            else:
                del data[at : at + len(chunk)]
        files[name] = bytes(data)
    if draw(st.booleans()):
        files.pop(draw(st.sampled_from(sorted(files))))
    return files


@st.composite
def cell_mutations(draw: st.DrawFn) -> dict[str, bytes]:
    """A sample with a few cells (header cells included) replaced, then written as proper CSV."""
    files = dict(SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))])
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = draw(CELL)
        if draw(st.integers(0, 9)) == 0:
            rows[row].append(draw(CELL))
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        files[name] = out.getvalue().encode("utf-8")
    return files


@FUZZ
@given(files=byte_mutations())
def test_mutated_bytes_in_a_folder_never_crash(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_folder(Path(folder), files)
        check_outcome(Path(folder))


@FUZZ
@given(files=cell_mutations())
def test_mutated_cells_never_crash_and_what_parses_round_trips(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in", Path(folder) / "out"
        source.mkdir()
        write_folder(source, files)
        bundle = check_outcome(source)
        if bundle is not None:
            write_bundle(bundle, target)
            again = parse_bundle(target)
            assert again == bundle
            assert again.unresolved_references() == bundle.unresolved_references()


@FUZZ
@given(files=byte_mutations())
def test_mutated_bundles_in_zip_uploads_never_crash(files: dict[str, bytes]) -> None:
    check_outcome(io.BytesIO(zipped(files)))


@FUZZ
@given(data=st.data())
def test_damaged_zip_archives_never_crash(data: st.DataObject) -> None:
    archive = bytearray(zipped(SAMPLES["synthetic-k12-delta"]))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(archive) - 1))
        archive[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        del archive[data.draw(st.integers(0, len(archive))) :]
    check_outcome(io.BytesIO(bytes(archive)))
