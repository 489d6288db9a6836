"""Problems found in a CASE package, and the error that carries them.

The ``Issue`` type is the one the OneRoster reader uses, so an import page shows problems from any
format the same way. For CASE its fields mean:

- ``file``: the name given to ``parse_package`` (or the file's name), "CFPackage" when there is none;
- ``line``: the line in the JSON text for a JSON syntax error, else 0 (the path says where);
- ``field``: a JSON path such as ``CFItems[12].CFItemType`` (indexes count from 0; a property name
  that is not a plain name is quoted, ``CFItems[0]["x y"]``), or ``$`` for the package as a whole;
- ``message``: what is wrong, a semicolon, then what to do about it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from trellis.interop.oneroster.issues import Issue

__all__ = ["CaseError", "Issue", "join_path"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_:-]*\Z")

#: How many issues ``str(CaseError)`` spells out before summarising the rest.
_SHOWN_IN_MESSAGE = 20


class CaseError(ValueError):
    """A CASE package that cannot be read (or written); ``issues`` lists every problem found.

    ``warnings`` lists the oddities that were forgiven on the way (the same list a successful parse
    returns as ``CasePackage.warnings``), so an upload page can show both at once.
    """

    issues: list[Issue]
    warnings: list[Issue]

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None:
        self.issues = list(issues)
        self.warnings = list(warnings)
        count = len(self.issues)
        lines = [f"CASE package rejected: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {issue}" for issue in self.issues[:_SHOWN_IN_MESSAGE])
        if count > _SHOWN_IN_MESSAGE:
            lines.append(f"  ... and {count - _SHOWN_IN_MESSAGE} more")
        super().__init__("\n".join(lines))


def join_path(path: str, step: str | int) -> str:
    """One step down a JSON path: ``CFItems`` + 3 -> ``CFItems[3]``; + ``"uri"`` -> ``CFItems[3].uri``."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    if _NAME.match(step):
        return f"{path}.{step}" if path else step
    return f"{path}[{json.dumps(step)}]"
