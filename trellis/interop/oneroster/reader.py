"""parse_bundle: read and validate a OneRoster 1.2 CSV bundle.

The parse reads manifest.csv, then each declared rostering file row by row (streaming, so a
500,000-row enrollments.csv never sits in memory as text), then checks references between files.
It collects every problem instead of stopping at the first and raises them together in one
``OneRosterError``; harmless oddities become ``Bundle.warnings``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from .bundle import Bundle, UnresolvedReference
from .cells import PARSE_BLANK, CellError, FileContext, Parser, WarningLog, blank_value, parser_for
from .issues import Issue, OneRosterError
from .records import AcademicSession, Org, Record
from .schema import (
    BOOL,
    DATE,
    DATETIME,
    DEMOGRAPHICS_OWNER,
    ENUM,
    FILES,
    FILES_BY_STEM,
    GRADE_LIST,
    LIST,
    MANIFEST_FILE,
    MANIFEST_FILES,
    MANIFEST_HEADER,
    MANIFEST_VERSION,
    MODES,
    ONEROSTER_11_USER_COLUMNS,
    ONEROSTER_VERSION,
    REF,
    REFS,
    STATUS,
    YEAR,
    Column,
    FileSpec,
)
from .sources import ZIP_ERRORS, Source, open_source

#: Errors beyond this many in one file are counted, not listed.
MAX_ISSUES_PER_FILE = 1000

_BOM = "\ufeff"
#: Column kinds whose cells repeat (references, dates, vocabularies) and parse the same each
#: time: their parsed values are remembered per file, up to MEMO_SIZE distinct cells a column.
MEMO_KINDS = frozenset({REF, REFS, ENUM, DATE, BOOL, YEAR, STATUS, DATETIME, LIST, GRADE_LIST})
MEMO_SIZE = 200_000
#: Files with a start and an end date: (start attribute, end column, start column).
_DATE_PAIRS = {
    "academicSessions": ("start_date", "endDate", "startDate"),
    "roles": ("begin_date", "endDate", "beginDate"),
    "enrollments": ("begin_date", "endDate", "beginDate"),
}
_FILE_RANK = {MANIFEST_FILE: 0} | {spec.filename: rank for rank, spec in enumerate(FILES, 1)}


def parse_bundle(source: str | os.PathLike[str] | BinaryIO) -> Bundle:
    """Parse and validate a OneRoster 1.2 CSV bundle.

    ``source`` is a directory holding manifest.csv and the CSV files, the path of a .zip of them,
    or a binary file object of such a zip (an upload). Raises ``OneRosterError`` listing every
    problem found; never any other exception for bad input.
    """
    try:
        src = open_source(source)
    except OneRosterError:
        raise
    except (OSError, ValueError) as exc:
        label = os.path.basename(str(source)) or str(source)
        raise OneRosterError([Issue(label, 0, "", f"the bundle could not be opened ({exc})")]) from None
    try:
        return _Parser(src).parse()
    finally:
        src.close()


class _Parser:
    def __init__(self, src: Source) -> None:
        self.src = src
        self.issues: list[Issue] = []
        self.warnings = WarningLog()
        self.package_notes: list[Issue] = list(src.notes)
        self.issue_counts: dict[str, int] = {}
        self.modes: dict[str, str] = {}
        self.properties: dict[str, str] = {}
        self.records: dict[str, list[Any]] = {}
        self.seen_ids: dict[str, dict[str, int]] = {}  # stem -> sourcedId -> first line
        self.unreadable: set[str] = set()  # stems declared but missing, or whose header is wrong
        self.present: dict[str, str] = {}  # stem -> file name in the bundle, for files to read
        self.manifest_lines: dict[str, int] = {}
        self.unresolved: dict[tuple[str, str], UnresolvedReference] = {}
        self.cut_short: set[str] = set()  # files whose reading stopped at an error
        self.valid_ids: set[str] = set()  # well-formed sourcedIds seen so far (a parse cache)

    # -- issues ---------------------------------------------------------------------------------

    def error(self, file: str, line: int, field: str, message: str) -> None:
        count = self.issue_counts.get(file, 0) + 1
        self.issue_counts[file] = count
        if count <= MAX_ISSUES_PER_FILE:
            self.issues.append(Issue(file, line, field, message))

    def note(self, file: str, line: int, field: str, message: str) -> None:
        self.package_notes.append(Issue(file, line, field, message))

    def fail(self) -> OneRosterError:
        """The error to raise: issues in file order, each file's overflow summary after them."""
        self.issues.sort(key=lambda issue: (_FILE_RANK.get(issue.file, -1), issue.line))
        for file, count in self.issue_counts.items():
            if count > MAX_ISSUES_PER_FILE:
                last = max(i for i, issue in enumerate(self.issues) if issue.file == file)
                summary = Issue(
                    file,
                    0,
                    "",
                    f"{count - MAX_ISSUES_PER_FILE} further problems in this file are not listed; "
                    "fix the ones above (they often share a cause) and upload again",
                )
                self.issues.insert(last + 1, summary)
        return OneRosterError(self.issues, self.all_warnings())

    def all_warnings(self) -> list[Issue]:
        return self.package_notes + self.warnings.issues()

    # -- files ------------------------------------------------------------------------------------

    def find(self, filename: str) -> str | None:
        """The name under which ``filename`` is in the bundle, forgiving letter case."""
        if filename in self.src.files:
            return filename
        folded = filename.casefold()
        for name in self.src.files:
            if name.casefold() == folded:
                self.note(
                    name,
                    0,
                    "",
                    f"the file is named '{name}' but OneRoster names it '{filename}'; it was read "
                    f"as {filename} (rename it to be safe: other systems are case-sensitive)",
                )
                return name
        return None

    def rows(self, name: str, display: str) -> Iterator[tuple[int, int, list[str]]]:
        """(first physical line, last physical line, cells) for each CSV record, header included.

        Stops with an error issue on undecodable bytes, malformed CSV or a damaged zip member,
        and records the file in ``self.cut_short``.
        """
        reader = None
        self.cut_short.discard(display)
        try:
            with self.src.open(self.src.files[name]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                reader = csv.reader(text, strict=True)
                previous = 0
                for row in reader:
                    end = reader.line_num
                    yield previous + 1, end, row
                    previous = end
        except UnicodeDecodeError:
            self.cut_short.add(display)
            line = self.first_undecodable_line(name)
            self.error(
                display,
                line,
                "",
                "the file is not UTF-8 text from this line on; save or export it as UTF-8 (CSV UTF-8)",
            )
        except csv.Error as exc:
            self.cut_short.add(display)
            line = reader.line_num if reader is not None else 0
            self.error(
                display,
                line,
                "",
                f"the CSV is malformed here ({exc}); check the quotes: a quoted value must end "
                "with a quote followed by a comma or the end of the line",
            )
        except ZIP_ERRORS as exc:
            self.cut_short.add(display)
            self.error(display, 0, "", f"the file could not be read from the bundle ({exc})")

    def first_undecodable_line(self, name: str) -> int:
        try:
            with self.src.open(self.src.files[name]) as raw:
                for number, line in enumerate(raw, 1):
                    try:
                        line.decode("utf-8")
                    except UnicodeDecodeError:
                        return number
        except ZIP_ERRORS:
            return 0
        return 0

    # -- the parse --------------------------------------------------------------------------------

    def parse(self) -> Bundle:
        self.read_manifest()
        self.check_files()
        for spec in FILES:
            name = self.present.get(spec.stem)
            if name is not None and self.modes[spec.stem] != "absent":
                self.read_file(spec, name)
        self.check_references()
        self.check_cycles()
        if self.issues:
            raise self.fail()
        return Bundle(
            source=self.src.name,
            version=ONEROSTER_VERSION,
            file_modes=dict(self.modes),
            properties=dict(self.properties),
            warnings=tuple(self.all_warnings()),
            unresolved=tuple(self.unresolved.values()),
            **{spec.attr: tuple(self.records.get(spec.stem, ())) for spec in FILES},
        )

    def read_manifest(self) -> None:
        name = self.find(MANIFEST_FILE)
        if name is None:
            csvs = sorted(n for n in self.src.files if n.lower().endswith(".csv"))
            found = f" (found: {', '.join(csvs[:8])}{', ...' if len(csvs) > 8 else ''})" if csvs else ""
            raise OneRosterError(
                [
                    Issue(
                        MANIFEST_FILE,
                        0,
                        "",
                        "the bundle has no manifest.csv; a OneRoster bundle must include it to say the "
                        f"version and which files are bulk, delta or absent{found}. Export the whole "
                        "OneRoster 1.2 CSV bundle from your SIS",
                    )
                ],
                self.all_warnings(),
            )
        lines: dict[str, int] = {}
        values: dict[str, str] = {}
        for line, _end, row in self.rows(name, MANIFEST_FILE):
            if line == 1:
                header = list(row)
                if header and header[0].startswith(_BOM):
                    header[0] = header[0][1:]
                    self.bom_warning(MANIFEST_FILE)
                if tuple(header) != MANIFEST_HEADER:
                    self.error(
                        MANIFEST_FILE,
                        1,
                        "",
                        f"the header is {','.join(header)!r}; manifest.csv must start with the line "
                        "'propertyName,value'",
                    )
                    break
                continue
            if not row:
                continue
            if len(row) != 2:
                self.error(
                    MANIFEST_FILE,
                    line,
                    row[0],
                    f"the row has {len(row)} values; each manifest row is 'propertyName,value'",
                )
                continue
            prop, value = row
            if prop in lines:
                self.error(
                    MANIFEST_FILE,
                    line,
                    prop,
                    f"{prop} is already given at line {lines[prop]}; give each property once",
                )
                continue
            lines[prop] = line
            values[prop] = value
        if not lines and not self.issues:
            self.error(
                MANIFEST_FILE,
                1,
                "",
                "manifest.csv has no properties; it must say at least manifest.version, "
                "oneroster.version and the mode of each file",
            )
        if self.issues:
            raise self.fail()
        self.manifest_lines = lines

        version = values.get("oneroster.version")
        if version is None:
            self.error(
                MANIFEST_FILE,
                0,
                "oneroster.version",
                "manifest.csv does not say the OneRoster version; add the row 'oneroster.version,1.2'",
            )
        elif version.strip() == ONEROSTER_VERSION and version != ONEROSTER_VERSION:
            self.note(
                MANIFEST_FILE,
                lines["oneroster.version"],
                "oneroster.version",
                f"oneroster.version is {version!r}, with spaces; it was read as 1.2",
            )
        elif version != ONEROSTER_VERSION:
            line = lines["oneroster.version"]
            if version.strip() in ("1.0", "1.1"):
                message = (
                    f"this is a OneRoster {version.strip()} bundle, not OneRoster 1.2; Trellis "
                    "imports OneRoster 1.2 only (in 1.2, users.csv lost its orgSourcedIds and role "
                    "columns to roles.csv). Export OneRoster 1.2 CSV from your SIS"
                )
            else:
                message = (
                    f"oneroster.version is {version!r}; Trellis imports OneRoster 1.2 bundles, whose "
                    "manifest says 'oneroster.version,1.2'"
                )
            self.error(MANIFEST_FILE, line, "oneroster.version", message)
            raise self.fail()
        manifest_version = values.get("manifest.version")
        if manifest_version != MANIFEST_VERSION:
            self.error(
                MANIFEST_FILE,
                lines.get("manifest.version", 0),
                "manifest.version",
                f"manifest.version is {manifest_version!r}; OneRoster 1.2 manifests say "
                "'manifest.version,1.0'"
                if manifest_version is not None
                else "manifest.csv has no manifest.version; add the row 'manifest.version,1.0'",
            )

        undeclared: list[str] = []
        for stem in MANIFEST_FILES:
            prop = f"file.{stem}"
            declared = values.pop(prop) if prop in values else None
            if declared is None:
                undeclared.append(prop)
                self.modes[stem] = "absent"
            elif declared in MODES:
                self.modes[stem] = declared
            elif declared.strip().lower() in MODES:
                self.modes[stem] = declared.strip().lower()
                self.note(
                    MANIFEST_FILE,
                    lines[prop],
                    prop,
                    f"{prop} is {declared!r}; OneRoster writes modes in lower case ('{self.modes[stem]}'), "
                    "which was assumed",
                )
            else:
                self.modes[stem] = "absent"
                self.error(
                    MANIFEST_FILE,
                    lines[prop],
                    prop,
                    f"{prop} is {declared!r}; each file must be declared 'bulk', 'delta' or 'absent'",
                )
        if undeclared:
            self.note(
                MANIFEST_FILE,
                0,
                "",
                f"manifest.csv does not declare {', '.join(undeclared)}; these files were treated as "
                "absent (a 1.2 manifest declares all of them)",
            )
        values.pop("oneroster.version", None)
        values.pop("manifest.version", None)
        for prop in values:
            if prop.startswith("file."):
                self.note(
                    MANIFEST_FILE,
                    lines[prop],
                    prop,
                    f"{prop} is not a OneRoster 1.2 file; the property was ignored",
                )
        self.properties = {k: v for k, v in values.items() if not k.startswith("file.")}

    def check_files(self) -> None:
        """Match declared files to the files in the bundle."""
        known = {MANIFEST_FILE.casefold()}
        for stem in MANIFEST_FILES:
            filename = f"{stem}.csv"
            known.add(filename.casefold())
            mode = self.modes[stem]
            if mode == "absent":
                name = next((n for n in self.src.files if n.casefold() == filename.casefold()), None)
                if name is not None:
                    self.note(
                        name,
                        0,
                        "",
                        f"the bundle has {name} but manifest.csv declares file.{stem} absent, so the "
                        f"file was ignored; declare it bulk or delta to import it",
                    )
                continue
            name = self.find(filename)
            if name is None:
                self.unreadable.add(stem)
                self.error(
                    MANIFEST_FILE,
                    self.manifest_lines.get(f"file.{stem}", 0),
                    f"file.{stem}",
                    f"manifest.csv declares {filename} as {mode} but the bundle has no {filename}; "
                    f"add the file, or declare file.{stem} absent",
                )
            elif stem in FILES_BY_STEM:
                self.present[stem] = name
            else:
                self.note(
                    name,
                    0,
                    "",
                    f"Trellis imports rosters only, so {filename} (gradebook/resources data) was not read",
                )
        for name in self.src.files:
            if name.lower().endswith(".csv") and name.casefold() not in known:
                self.note(name, 0, "", "this file is not part of OneRoster 1.2; it was ignored")

    def bom_warning(self, filename: str) -> None:
        self.warnings.add(
            filename,
            1,
            "",
            "bom",
            "the file starts with a UTF-8 byte order mark (BOM); it was ignored, as the binding allows",
        )

    def check_header(self, spec: FileSpec, header: list[str]) -> bool:
        filename = spec.filename
        if header and header[0].startswith(_BOM):
            header[0] = header[0][1:]
            self.bom_warning(filename)
        expected = spec.header
        if tuple(header[: len(expected)]) == expected:
            extra = header[len(expected) :]
            if any(not name.strip() for name in extra) or len(set(header)) != len(header):
                self.error(
                    filename,
                    1,
                    "",
                    "the columns after the OneRoster ones must have distinct, non-empty names; "
                    f"remove the unnamed or repeated columns from: {','.join(extra)}",
                )
                return False
            if extra:
                self.warnings.add(
                    filename,
                    1,
                    "",
                    "extension-columns",
                    f"extension column(s) {', '.join(extra)} are not OneRoster 1.2 columns; "
                    "they were ignored",
                )
            return True
        position = next(
            (i for i, name in enumerate(expected) if i >= len(header) or header[i] != name),
            len(expected),
        )
        field = expected[position]
        found = f"'{header[position]}'" if position < len(header) else "missing"
        hint = ""
        if spec.stem == "users" and all(c in header for c in ONEROSTER_11_USER_COLUMNS):
            hint = (
                " This is the OneRoster 1.1 users.csv layout (orgSourcedIds, role): in 1.2 those "
                "moved to roles.csv; export OneRoster 1.2 CSV from your SIS."
            )
        elif field in header:
            hint = " The columns are in the wrong order: OneRoster fixes their order."
        elif position < len(header) and header[position].casefold() == field.casefold():
            hint = " Header names are case-sensitive."
        self.error(
            filename,
            1,
            field,
            f"column {position + 1} is {found} but must be '{field}'. The header of {filename} must "
            f"be exactly: {','.join(expected)}.{hint}",
        )
        return False

    def read_file(self, spec: FileSpec, name: str) -> None:
        filename = spec.filename
        stem = spec.stem
        ctx = FileContext(filename, self.modes[stem], self.warnings, self.valid_ids)
        mode = self.modes[stem]
        plan: list[tuple[int, Column, Parser | None, Any, dict[str, Any] | None]] = [
            (
                index,
                column,
                parser_for(column),
                blank_value(column, mode),
                {} if column.kind in MEMO_KINDS else None,
            )
            for index, column in enumerate(spec.columns)
        ]
        check_dates = _DATE_PAIRS.get(stem)
        record_class: Callable[..., Record] = spec.record
        records: list[Record] = []
        ids: dict[str, int] = {}
        self.records[stem] = records
        self.seen_ids[stem] = ids
        error = self.error
        width = 0
        header_seen = False
        for line, end, row in self.rows(name, filename):
            if not header_seen:
                header_seen = True
                if not self.check_header(spec, row):
                    self.unreadable.add(stem)
                    return
                width = len(row)
                continue
            if not row:
                self.warnings.add(filename, line, "", "blank-line", "a blank line was skipped")
                continue
            ctx.line = line
            sourced_id = row[0]
            if len(row) != width:
                error(
                    filename,
                    line,
                    "",
                    f"the row has {len(row)} values but the header has {width} columns; check for a "
                    "missing or extra comma, or a value with a comma that is not in double quotes",
                )
            else:
                values: list[Any] = []
                ok = True
                append = values.append
                for index, column, parse, blank, memo in plan:
                    cell = row[index]
                    if not cell and blank is not PARSE_BLANK:
                        append(blank)
                    elif parse is None:
                        append(cell)
                    elif memo is not None and cell in memo:
                        append(memo[cell])
                    else:
                        warned = ctx.warned
                        try:
                            value = parse(cell, column, ctx)
                        except CellError as exc:
                            ok = False
                            error(filename, line, column.name, exc.message)
                            continue
                        append(value)
                        # Remember clean results only: a cell that warned must warn every time.
                        if memo is not None and ctx.warned == warned and len(memo) < MEMO_SIZE:
                            memo[cell] = value
                first = ids.setdefault(sourced_id, line) if sourced_id else line
                if first != line:
                    error(
                        filename,
                        line,
                        "sourcedId",
                        f"sourcedId {sourced_id!r} is already used at line {first}; each row of "
                        f"{filename} needs its own sourcedId",
                    )
                elif ok:
                    record = record_class(*values, line)
                    records.append(record)
                    if check_dates is not None:
                        self.check_dates(record, filename, *check_dates)
            if sourced_id and sourced_id not in ids:
                ids[sourced_id] = line
            if end != line:
                self.warnings.add(
                    filename,
                    line,
                    "",
                    "multiline",
                    "a quoted value spans several lines (it contains a line break); it was kept",
                )
        if filename in self.cut_short:
            # Rows after the error were not read: references into them cannot be judged.
            self.unreadable.add(stem)
        if not header_seen:
            if not self.issue_counts.get(filename):
                self.error(
                    filename,
                    1,
                    "",
                    f"the file is empty; it needs at least the header line ({','.join(spec.header)})",
                )
            self.unreadable.add(stem)
        elif not ids and self.issue_counts.get(filename, 0) == 0:
            self.warnings.add(
                filename,
                1,
                "",
                "no-rows",
                f"the file has a header but no rows; the binding expects files without rows to be "
                f"declared absent in manifest.csv (in {self.modes[stem]} mode this sends no {stem})",
            )

    def check_dates(self, record: Any, filename: str, begin_attr: str, end_attr: str, begin: str) -> None:
        """An end date must not come before its start date."""
        start = getattr(record, begin_attr)
        finish = record.end_date
        if start is not None and finish is not None and finish < start:
            self.error(
                filename,
                record.line,
                end_attr,
                f"{end_attr} {finish} is before {begin} {start}; swap or fix them",
            )

    # -- references -------------------------------------------------------------------------------

    def check_references(self) -> None:
        """Check each reference from a record that is not being deleted.

        * Target file bulk (the complete set): the target must be in it, or it is an error.
        * Target file delta or absent: a target missing from the bundle may already be in the
          database, so it goes to ``Bundle.unresolved_references()`` for the importer.
        * Either way, a target this bundle deletes (status tobedeleted) is an error.
        * References from tobedeleted records are not checked: only their own sourcedId matters.
        * A target file that is missing or unreadable is not checked against: that file already
          has its error, and repeating it for every row would bury it.
        """
        deleted = {
            stem: {r.sourced_id: r.line for r in records if r.status == "tobedeleted"}
            for stem, records in self.records.items()
        }
        for spec in FILES:
            records = self.records.get(spec.stem)
            if not records:
                continue
            checks: list[tuple[str, str, str, bool]] = [
                (column.attr, column.name, column.target, column.kind == REFS)
                for column in spec.columns
                if column.kind in (REF, REFS)
            ]
            if spec.stem == "demographics":
                checks.append(("sourced_id", "sourcedId", DEMOGRAPHICS_OWNER, False))
            for attr, column_name, target, many in checks:
                if target not in self.unreadable:
                    self.check_reference_column(
                        spec, records, attr, column_name, target, many, deleted.get(target, {})
                    )

    def check_reference_column(
        self,
        spec: FileSpec,
        records: list[Any],
        attr: str,
        column_name: str,
        target: str,
        many: bool,
        deleted: dict[str, int],
    ) -> None:
        known = self.seen_ids.get(target, {})
        complete = self.modes[target] == "bulk"
        filename = spec.filename
        for record in records:
            if record.status == "tobedeleted":
                continue
            value = getattr(record, attr)
            for sourced_id in value if many else (value,):
                if not sourced_id:
                    continue
                if sourced_id in known:
                    if sourced_id in deleted:
                        self.error(
                            filename,
                            record.line,
                            column_name,
                            f"{column_name} {sourced_id!r} refers to a record that this bundle deletes "
                            f"({target}.csv line {deleted[sourced_id]} is tobedeleted); delete this "
                            "row too, or keep that record",
                        )
                    continue
                if complete:
                    what = (
                        " (a demographics row describes the user with its sourcedId)"
                        if attr == "sourced_id"
                        else ""
                    )
                    self.error(
                        filename,
                        record.line,
                        column_name,
                        f"{column_name} {sourced_id!r} matches no sourcedId in {target}.csv{what}; "
                        f"{target}.csv is bulk (the complete set), so it must be there: add the "
                        "missing row or fix the reference",
                    )
                    continue
                key = (target, sourced_id)
                found = self.unresolved.get(key)
                if found is None:
                    self.unresolved[key] = UnresolvedReference(
                        target, sourced_id, filename, record.line, column_name
                    )
                else:
                    self.unresolved[key] = UnresolvedReference(
                        target, sourced_id, found.file, found.line, found.field, found.count + 1
                    )

    def check_cycles(self) -> None:
        """parentSourcedId chains of orgs and of academic sessions must not loop."""
        for stem, kind in (("orgs", Org), ("academicSessions", AcademicSession)):
            records = [r for r in self.records.get(stem, ()) if isinstance(r, kind)]
            parent = {r.sourced_id: r.parent_sourced_id for r in records}
            line = {r.sourced_id: r.line for r in records}
            state: dict[str, int] = {}  # 1: on the current path, 2: done
            for start in parent:
                path: list[str] = []
                node = start
                while node in parent and state.get(node) is None:
                    state[node] = 1
                    path.append(node)
                    node = parent[node]
                if state.get(node) == 1:
                    loop = [*path[path.index(node) :], node]
                    self.error(
                        f"{stem}.csv",
                        line[node],
                        "parentSourcedId",
                        f"parentSourcedId makes a loop ({' -> '.join(loop)}); a parent cannot be its own "
                        "descendant",
                    )
                for visited in path:
                    state[visited] = 2
