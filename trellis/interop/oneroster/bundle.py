"""A parsed OneRoster bundle: the records of every rostering file plus what the manifest said."""

from __future__ import annotations

from dataclasses import dataclass, field

from .issues import Issue
from .records import (
    AcademicSession,
    Class,
    Course,
    Demographics,
    Enrollment,
    Org,
    Role,
    User,
    UserProfile,
)


@dataclass(frozen=True, slots=True)
class UnresolvedReference:
    """A sourcedId that a record refers to but that this bundle does not contain.

    Only references the importer may legitimately resolve against the database end up here: those
    pointing into a file that is delta or absent in this bundle. (A reference into a bulk file,
    the complete set, must find its target there, or the parse fails.) References made by
    tobedeleted records are not collected.

    There is one entry per distinct (``target``, ``sourced_id``): ``file``, ``line`` and ``field``
    locate its first use, ``count`` says how many cells use it.
    """

    target: str  # the file stem whose records the sourcedId names: "users", "classes", "orgs", ...
    sourced_id: str
    file: str
    line: int
    field: str
    count: int = 1

    def issue(self) -> Issue:
        """The problem to report when the importer cannot find the target in the database either."""
        uses = f" (used {self.count} times; the first use is shown)" if self.count > 1 else ""
        return Issue(
            self.file,
            self.line,
            self.field,
            f"{self.field} {self.sourced_id!r} matches no record in {self.target}.csv of this "
            f"bundle nor any {self.target} already imported{uses}; send the missing record, or fix "
            "the reference",
        )


@dataclass(frozen=True)
class Bundle:
    """Everything in one OneRoster 1.2 CSV bundle, validated.

    ``file_modes`` maps each manifest file stem ("users", "lineItems", ...) to "bulk", "delta" or
    "absent", as declared. Record tuples keep file order. ``properties`` holds the manifest's
    other properties (``source.systemName``, ...) apart from the two version properties.

    Equality compares content only: ``source``, ``warnings`` and ``unresolved`` (derived from the
    rest) and each record's ``line`` are left out, so parse, write and parse again gives an equal
    bundle.
    """

    source: str = field(compare=False)
    version: str = "1.2"
    file_modes: dict[str, str] = field(default_factory=dict)
    orgs: tuple[Org, ...] = ()
    academic_sessions: tuple[AcademicSession, ...] = ()
    courses: tuple[Course, ...] = ()
    classes: tuple[Class, ...] = ()
    users: tuple[User, ...] = ()
    user_profiles: tuple[UserProfile, ...] = ()
    roles: tuple[Role, ...] = ()
    enrollments: tuple[Enrollment, ...] = ()
    demographics: tuple[Demographics, ...] = ()
    properties: dict[str, str] = field(default_factory=dict)
    warnings: tuple[Issue, ...] = field(default=(), compare=False)
    unresolved: tuple[UnresolvedReference, ...] = field(default=(), compare=False)

    def mode(self, stem: str) -> str:
        """The manifest mode of file ``stem`` ("users"); "absent" when it is not declared."""
        return self.file_modes.get(stem, "absent")

    def is_delta(self) -> bool:
        """Whether any file is in delta mode (the import adds/changes/removes, not replaces)."""
        return "delta" in self.file_modes.values()

    def unresolved_references(self) -> list[UnresolvedReference]:
        """References to sourcedIds outside this bundle, for the importer to find in the database.

        Each names the target file stem and the sourcedId; ``UnresolvedReference.issue()`` gives
        the ``Issue`` to report for those the database does not have either.
        """
        return list(self.unresolved)
