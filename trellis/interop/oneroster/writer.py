"""write_bundle: write a Bundle as OneRoster 1.2 CSV files plus manifest.csv."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .bundle import Bundle
from .cells import FORMATTERS
from .schema import FILES, MANIFEST_FILE, MANIFEST_FILES, MANIFEST_VERSION, MODES, ONEROSTER_VERSION

_VERSION_PROPERTIES = ("manifest.version", "oneroster.version")


def effective_modes(bundle: Bundle) -> dict[str, str]:
    """The mode each manifest file is written with.

    A rostering file keeps its declared mode; one the bundle does not declare is "bulk" when the
    bundle has records for it and "absent" otherwise. Files whose data a Bundle cannot carry
    (gradebook and resources files) are always written as "absent".
    """
    modes = dict.fromkeys(MANIFEST_FILES, "absent")
    for spec in FILES:
        records = getattr(bundle, spec.attr)
        declared = bundle.file_modes.get(spec.stem)
        if declared is None:
            declared = "bulk" if records else "absent"
        if declared not in MODES:
            raise ValueError(f"file_modes[{spec.stem!r}] is {declared!r}; use one of {MODES}")
        if declared == "absent" and records:
            raise ValueError(
                f"the bundle has {len(records)} {spec.attr} but file_modes says {spec.stem} is absent"
            )
        modes[spec.stem] = declared
    return modes


def write_bundle(bundle: Bundle, directory: str | os.PathLike[str]) -> None:
    """Write ``bundle`` into ``directory`` (created if needed) as a OneRoster 1.2 CSV bundle.

    Every file that is not absent gets the binding's full header in order, UTF-8 without BOM,
    CRLF line ends, and double quotes around values that need them (multi-valued cells with
    commas, text with commas or quotes). manifest.csv lists all 21 files, absent ones as absent,
    then the bundle's other properties; it is written last, so a half-written folder has none.
    Existing files are overwritten; a file already in the folder for a type that is now absent is
    left alone (readers ignore it, with a warning), so write into an empty folder.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    modes = effective_modes(bundle)
    for spec in FILES:
        if modes[spec.stem] == "absent":
            continue
        columns = [(column.attr, FORMATTERS[column.kind]) for column in spec.columns]
        with open(target / spec.filename, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(spec.header)
            writer.writerows(
                [fmt(getattr(record, attr)) for attr, fmt in columns] for record in getattr(bundle, spec.attr)
            )
    with open(target / MANIFEST_FILE, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(("propertyName", "value"))
        writer.writerow(("manifest.version", MANIFEST_VERSION))
        writer.writerow(("oneroster.version", ONEROSTER_VERSION))
        writer.writerows((f"file.{stem}", modes[stem]) for stem in MANIFEST_FILES)
        writer.writerows(
            (name, value)
            for name, value in bundle.properties.items()
            if name not in _VERSION_PROPERTIES and not name.startswith("file.")
        )
