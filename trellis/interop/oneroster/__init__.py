"""OneRoster 1.2 CSV binding: parse and write roster bundles (pure Python, standard library only).

    bundle = parse_bundle("export.zip")        # or a directory, or an uploaded zip file object
    for user in bundle.users: ...
    for ref in bundle.unresolved_references():  # delta files may point at records already imported
        ...                                     # look ref.sourced_id up in ref.target; else ref.issue()
    write_bundle(bundle, "out/")

``parse_bundle`` raises ``OneRosterError`` whose ``issues`` list every problem (file, line, column,
what to do); forgiven oddities are in ``Bundle.warnings`` (and ``OneRosterError.warnings``).

What is checked: manifest.csv (manifest.version 1.0, oneroster.version 1.2 -- 1.1 bundles are
refused as such -- and bulk/delta/absent for each file; a declared file that is missing is an
error, a present file declared absent a warning); each header exactly as the binding orders it
(extension columns may follow); required cells; vocabularies; YYYY-MM-DD dates; ISO 8601
date-times; {type:id} userIds; unique sourcedIds per file; status and dateLastModified in delta
files; references between files (into a bulk file -- the complete set -- they must resolve in the
bundle; into a delta or absent file they are returned by ``Bundle.unresolved_references()``
for the importer to find in the database; none may point at a record the bundle deletes); loops
in org and session parents.

What is forgiven, with a warning: a UTF-8 byte order mark; TRUE/True/FALSE for true/false; file
names in the wrong letter case (userprofiles.csv); a zip whose files sit in one folder; spaces
around list items; 'active' or a dateLastModified in a bulk file; non-CEDS grades; date-times
without a time zone (read as UTC); extension columns; files present but declared absent (ignored);
gradebook/resources files (not read: Trellis imports rosters only).
"""

from .bundle import Bundle, UnresolvedReference
from .issues import Issue, OneRosterError
from .reader import parse_bundle
from .records import (
    AcademicSession,
    Class,
    Course,
    Demographics,
    Enrollment,
    Org,
    Record,
    Role,
    User,
    UserProfile,
)
from .writer import write_bundle

__all__ = [
    "AcademicSession",
    "Bundle",
    "Class",
    "Course",
    "Demographics",
    "Enrollment",
    "Issue",
    "OneRosterError",
    "Org",
    "Record",
    "Role",
    "UnresolvedReference",
    "User",
    "UserProfile",
    "parse_bundle",
    "write_bundle",
]
