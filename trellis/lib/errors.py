"""Errors that carry a message a person can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """A write was refused; `message` says what to change. Nothing was written."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
