"""Problems found in a OneRoster bundle, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: How many issues ``str(OneRosterError)`` spells out before summarising the rest.
_SHOWN_IN_MESSAGE = 20


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem (or one forgiven oddity) in one file of a bundle.

    ``file`` is the file's name inside the bundle ("users.csv", "manifest.csv"), or the bundle's
    own name for problems with the package as a whole. ``line`` is the 1-based physical line in
    that file (the header is line 1), or 0 when the problem is not about one line. ``field`` is
    the column name (for manifest.csv: the property name, e.g. "file.users"), or "" when the
    problem is not about one field. ``message`` says what is wrong and what to do about it.
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class OneRosterError(ValueError):
    """A bundle that cannot be imported; ``issues`` lists every problem found, in file order.

    ``warnings`` lists the oddities that were forgiven on the way (the same list a successful
    parse returns as ``Bundle.warnings``), so an upload page can show both at once.
    """

    issues: list[Issue]
    warnings: list[Issue]

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None:
        self.issues = list(issues)
        self.warnings = list(warnings)
        count = len(self.issues)
        lines = [f"OneRoster bundle rejected: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {issue}" for issue in self.issues[:_SHOWN_IN_MESSAGE])
        if count > _SHOWN_IN_MESSAGE:
            lines.append(f"  ... and {count - _SHOWN_IN_MESSAGE} more")
        super().__init__("\n".join(lines))
