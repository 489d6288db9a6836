"""What a learner may upload as work, checked by extension *and* by the file's own first bytes.

Only documents, images, audio and video that browsers show inertly are allowed. HTML, SVG, XML, scripts and
executables are refused whatever they are called, because a file served back from our origin could run
script there (stored XSS). The type we record (and serve with) comes from this table, never from what the
uploader's browser claimed. Pages should still serve uploads as attachments with `nosniff`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

HEAD_BYTES = 8192

# The WHATWG MIME-sniffing patterns that make a browser treat bytes as HTML or XML, and other markup that
# can carry script: a text file that starts with one of these is refused.
_MARKUP_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
    b"<?xml",
    b"<svg",
    b"<object",
    b"<embed",
)


@dataclass(frozen=True)
class FileCheck:
    """The result of checking an upload: `content_type` when it was accepted, else `problem` (one of
    "empty", "too_large", "type", "content")."""

    content_type: str = ""
    extension: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _pdf(head: bytes, _: IO[bytes]) -> bool:
    return head.startswith(b"%PDF-")


def _png(head: bytes, _: IO[bytes]) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _jpeg(head: bytes, _: IO[bytes]) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _gif(head: bytes, _: IO[bytes]) -> bool:
    return head.startswith((b"GIF87a", b"GIF89a"))


def _webp(head: bytes, _: IO[bytes]) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _wav(head: bytes, _: IO[bytes]) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def _mp3(head: bytes, _: IO[bytes]) -> bool:
    # An ID3 tag, or an MPEG audio frame sync (11 set bits) at the start.
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _iso_media(head: bytes, _: IO[bytes]) -> bool:
    # MP4 and M4A are ISO base media files: a box size, then "ftyp".
    return head[4:8] == b"ftyp"


def _text(head: bytes, _: IO[bytes]) -> bool:
    if b"\x00" in head:
        return False
    try:
        # The head may end in the middle of a character: decode leniently only at its very end.
        head.decode("utf-8")
    except UnicodeDecodeError as undecodable:
        if undecodable.start < len(head) - 3:
            return False
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if b"<script" in start:
        return False
    return not any(
        start.startswith(tag)
        and (tag in (b"<!--", b"<?xml") or start[len(tag) : len(tag) + 1] in b" >/\t\n\r")
        for tag in _MARKUP_STARTS
    )


def _office(folder: str) -> Callable[[bytes, IO[bytes]], bool]:
    """An Office Open XML file: a ZIP holding [Content_Types].xml and the application's folder."""

    def check(head: bytes, stream: IO[bytes]) -> bool:
        names = _zip_names(head, stream)
        return (
            names is not None and "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
        )

    return check


def _odt(head: bytes, stream: IO[bytes]) -> bool:
    """An OpenDocument text: a ZIP whose first entry is "mimetype" holding the ODT media type."""
    return (
        _zip_names(head, stream) is not None
        and head[30:38] == b"mimetype"
        and b"application/vnd.oasis.opendocument.text" in head[38:120]
    )


def _zip_names(head: bytes, stream: IO[bytes]) -> set[str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:  # reads the directory only; nothing is extracted
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        stream.seek(0)


# extension -> (content type we record and serve with, check of the first bytes)
ALLOWED: dict[str, tuple[str, Callable[[bytes, IO[bytes]], bool]]] = {
    "pdf": ("application/pdf", _pdf),
    "png": ("image/png", _png),
    "jpg": ("image/jpeg", _jpeg),
    "jpeg": ("image/jpeg", _jpeg),
    "gif": ("image/gif", _gif),
    "webp": ("image/webp", _webp),
    "txt": ("text/plain", _text),
    "md": ("text/markdown", _text),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _office("word/")),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _office("ppt/")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _office("xl/")),
    "odt": ("application/vnd.oasis.opendocument.text", _odt),
    "mp3": ("audio/mpeg", _mp3),
    "mp4": ("video/mp4", _iso_media),
    "m4a": ("audio/mp4", _iso_media),
    "wav": ("audio/wav", _wav),
}


def extension_of(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_file(name: str, size: int, stream: IO[bytes], *, max_bytes: int) -> FileCheck:
    """Check an upload by its name's extension, its size and its first bytes. `stream` is left at 0."""
    extension = extension_of(name)
    if extension not in ALLOWED:
        return FileCheck(extension=extension, problem="type")
    if size <= 0:
        return FileCheck(extension=extension, problem="empty")
    if size > max_bytes:
        return FileCheck(extension=extension, problem="too_large")
    content_type, looks_right = ALLOWED[extension]
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head:
        return FileCheck(extension=extension, problem="empty")
    if not looks_right(head, stream):
        return FileCheck(extension=extension, problem="content")
    return FileCheck(content_type=content_type, extension=extension)


def clean_file_name(name: str) -> str:
    """The name to show for a file: its last path part, without control characters, at most 200 long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(printable) > 200:
        stem, _, extension = printable.rpartition(".")
        printable = f"{stem[: 199 - len(extension)]}.{extension}" if stem else printable[:200]
    return printable or "file"
