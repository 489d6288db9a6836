"""Where a bundle's files come from: a directory, a .zip file on disk, or an uploaded zip stream."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, BinaryIO

from .issues import Issue, OneRosterError
from .schema import MANIFEST_FILE

#: Errors that reading a damaged or unusual zip archive can raise.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    NotImplementedError,  # compression methods zipfile lacks (deflate64, ...)
    RuntimeError,  # encrypted members
    ValueError,
)

#: Largest uncompressed member accepted from a zip (a guard against zip bombs).
MAX_MEMBER_BYTES = 4 * 1024**3


class Source:
    """The files at the root of a bundle, by name, and a way to open each as bytes."""

    def __init__(self, name: str, label: str) -> None:
        self.name = name  # shown as Bundle.source
        self.label = label  # Issue.file for problems with the package as a whole
        self.files: dict[str, str] = {}  # file name -> key for open()
        self.notes: list[Issue] = []  # warnings about the package itself

    def open(self, key: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the archive, if any."""


class DirectorySource(Source):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path), path.name or str(path))
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_file():
                        self.files[entry.name] = entry.path
        except OSError as exc:
            raise OneRosterError(
                [Issue(self.label, 0, "", f"the folder could not be read ({exc.strerror or exc})")]
            ) from None

    def open(self, key: str) -> IO[bytes]:
        return open(key, "rb")


class ZipSource(Source):
    def __init__(self, archive: str | Path | BinaryIO, name: str) -> None:
        super().__init__(name, os.path.basename(name) or name)
        try:
            self.zip = zipfile.ZipFile(archive)
            infos = [
                info
                for info in self.zip.infolist()
                if not info.is_dir()
                and not info.filename.startswith("__MACOSX/")
                and not os.path.basename(info.filename).startswith("._")
            ]
        except ZIP_ERRORS as exc:
            raise OneRosterError(
                [
                    Issue(
                        self.label,
                        0,
                        "",
                        f"this is not a readable zip archive ({exc}); upload the "
                        "OneRoster bundle as a .zip of its CSV files",
                    )
                ]
            ) from None
        names = {info.filename: info for info in infos}
        prefix = ""
        if MANIFEST_FILE not in names:
            nested = [n for n in names if n.count("/") == 1 and n.endswith("/" + MANIFEST_FILE)]
            if len(nested) == 1:
                prefix = nested[0][: -len(MANIFEST_FILE)]
                self.notes.append(
                    Issue(
                        self.label,
                        0,
                        "",
                        f"the files are inside the folder '{prefix[:-1]}' rather than at the top of "
                        "the zip; they were read from there",
                    )
                )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for filename, info in names.items():
            if not filename.startswith(prefix):
                continue
            rest = filename[len(prefix) :]
            if rest and "/" not in rest:
                self.files[rest] = filename
                self._infos[filename] = info

    def open(self, key: str) -> IO[bytes]:
        info = self._infos[key]
        if info.file_size > MAX_MEMBER_BYTES:
            raise OSError(f"it is {info.file_size} bytes uncompressed; the limit is {MAX_MEMBER_BYTES}")
        return self.zip.open(info)

    def close(self) -> None:
        self.zip.close()


def open_source(source: str | os.PathLike[str] | BinaryIO) -> Source:
    """A ``Source`` for a directory, a zip path, or a binary zip stream; OneRosterError if none."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            return DirectorySource(path)
        if path.is_file():
            return ZipSource(path, str(path))
        raise OneRosterError(
            [Issue(path.name or str(path), 0, "", f"'{path}' is neither a folder nor a file")]
        )
    name = getattr(source, "name", None)
    return ZipSource(source, name if isinstance(name, str) else "upload.zip")
