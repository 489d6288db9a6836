"""Paths of the shared OneRoster samples, and small helpers to damage copies of them."""

from __future__ import annotations

from pathlib import Path

from trellis.interop.oneroster import Issue, OneRosterError, parse_bundle


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    for directory in here.parents:
        if (directory / "pyproject.toml").is_file():
            return directory
    raise RuntimeError(f"no pyproject.toml above {here}")


#: The shared samples live beside the repository: <repo>/../shared/data/standards/oneroster.
SAMPLES = _repo_root().parent / "shared" / "data" / "standards" / "oneroster"
BULK = SAMPLES / "synthetic-k12-bulk"
DELTA = SAMPLES / "synthetic-k12-delta"
INVALID = SAMPLES / "synthetic-invalid"
MOODLE = SAMPLES / "moodle-enrol_oneroster"


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in the file, checking it occurs at least once."""
    text = read_text(path)
    assert old in text, f"{old!r} not in {path.name}"
    write_text(path, text.replace(old, new, count))


def set_manifest(bundle: Path, prop: str, value: str) -> None:
    """Set a manifest property (adding the row if the manifest lacks it)."""
    manifest = bundle / "manifest.csv"
    lines = read_text(manifest).split("\r\n")
    for index, line in enumerate(lines):
        if line.split(",", 1)[0] == prop:
            lines[index] = f"{prop},{value}"
            break
    else:
        lines.insert(len(lines) - 1 if lines[-1] == "" else len(lines), f"{prop},{value}")
    write_text(manifest, "\r\n".join(lines))


def rejection(source: object) -> OneRosterError:
    """The OneRosterError that parsing ``source`` raises (failing the test if it parses)."""
    try:
        parse_bundle(source)  # type: ignore[arg-type]
    except OneRosterError as exc:
        return exc
    raise AssertionError(f"{source} parsed, but should have been rejected")


def fields_of(issues: list[Issue]) -> set[tuple[str, int, str]]:
    return {(issue.file, issue.line, issue.field) for issue in issues}
