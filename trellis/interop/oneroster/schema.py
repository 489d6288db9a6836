"""The OneRoster 1.2 CSV binding as data: file names, headers in order, column kinds, vocabularies.

Sources: 1EdTech OneRoster 1.2 CSV Binding (1.2.1, 2023) and its rostering tables, cross-checked
against the independent LongsightGroup/oneroster validator. Header names and vocabulary tokens
are case-sensitive. Vocabularies marked ``extensible`` also accept ``ext:`` tokens (e.g.
``ext:coach``), as the binding allows.
"""

from __future__ import annotations

from dataclasses import dataclass

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

ONEROSTER_VERSION = "1.2"
MANIFEST_VERSION = "1.0"
MANIFEST_FILE = "manifest.csv"
MANIFEST_HEADER = ("propertyName", "value")
MODES = ("bulk", "delta", "absent")

#: Every data file a 1.2 manifest declares (``file.<name>``), in the manifest's usual order.
MANIFEST_FILES = (
    "academicSessions",
    "categories",
    "classResources",
    "classes",
    "courseResources",
    "courses",
    "demographics",
    "enrollments",
    "lineItemLearningObjectiveIds",
    "lineItemScoreScales",
    "lineItems",
    "orgs",
    "resources",
    "resultLearningObjectiveIds",
    "resultScoreScales",
    "results",
    "roles",
    "scoreScales",
    "userProfiles",
    "userResources",
    "users",
)

ORG_TYPES = frozenset({"department", "district", "local", "national", "school", "state"})
SESSION_TYPES = frozenset({"gradingPeriod", "schoolYear", "semester", "term"})
CLASS_TYPES = frozenset({"homeroom", "scheduled"})
ROLE_TYPES = frozenset({"primary", "secondary"})
ROLES = frozenset(
    {
        "aide",
        "counselor",
        "districtAdministrator",
        "guardian",
        "parent",
        "principal",
        "proctor",
        "relative",
        "siteAdministrator",
        "student",
        "systemAdministrator",
        "teacher",
    }
)
ENROLLMENT_ROLES = frozenset({"administrator", "proctor", "student", "teacher"})
SEXES = frozenset({"female", "male", "other", "unspecified"})
STATUSES = frozenset({"active", "tobedeleted"})
#: CEDS "Entry Grade Level" codes, the binding's vocabulary for grades (others only warn).
GRADES = frozenset({"IT", "PR", "PK", "TK", "KG", *(f"{n:02d}" for n in range(1, 14)), "PS", "UG", "Other"})

# Column kinds. The reader picks a cell parser and the writer a formatter by kind.
SOURCED_ID = "sourcedId"  # the record's own identifier
STATUS = "status"
DATETIME = "datetime"  # dateLastModified
TEXT = "text"
ENUM = "enum"
DATE = "date"
YEAR = "year"
BOOL = "bool"
REF = "ref"  # one sourcedId of a record in ``target``
REFS = "refs"  # comma-separated sourcedIds of records in ``target``
LIST = "list"  # comma-separated free text
GRADE_LIST = "grades"  # comma-separated CEDS grade codes
USER_IDS = "userIds"  # comma-separated {type:id}


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the CSV header
    attr: str  # the record attribute
    kind: str
    required: bool = False
    target: str = ""  # REF/REFS: the file (stem) whose sourcedIds this column holds
    values: frozenset[str] = frozenset()  # ENUM: the vocabulary
    extensible: bool = False  # ENUM: also accepts ext:... tokens
    blank_is_false: bool = False  # BOOL: a blank cell reads as False rather than None


@dataclass(frozen=True, slots=True)
class FileSpec:
    stem: str  # "users"; the manifest property is file.<stem>, the file <stem>.csv
    attr: str  # the Bundle attribute holding the records
    record: type[Record]
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.stem}.csv"

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


_COMMON = (
    Column("sourcedId", "sourced_id", SOURCED_ID, required=True),
    Column("status", "status", STATUS),
    Column("dateLastModified", "date_last_modified", DATETIME),
)


def _spec(stem: str, attr: str, record: type[Record], *columns: Column) -> FileSpec:
    return FileSpec(stem, attr, record, _COMMON + columns)


#: The rostering files Trellis reads, in an order where each file's targets come first
#: (self-references aside); the writer writes them in this order too.
FILES: tuple[FileSpec, ...] = (
    _spec(
        "orgs",
        "orgs",
        Org,
        Column("name", "name", TEXT, required=True),
        Column("type", "type", ENUM, required=True, values=ORG_TYPES, extensible=True),
        Column("identifier", "identifier", TEXT),
        Column("parentSourcedId", "parent_sourced_id", REF, target="orgs"),
    ),
    _spec(
        "academicSessions",
        "academic_sessions",
        AcademicSession,
        Column("title", "title", TEXT, required=True),
        Column("type", "type", ENUM, required=True, values=SESSION_TYPES, extensible=True),
        Column("startDate", "start_date", DATE, required=True),
        Column("endDate", "end_date", DATE, required=True),
        Column("parentSourcedId", "parent_sourced_id", REF, target="academicSessions"),
        Column("schoolYear", "school_year", YEAR, required=True),
    ),
    _spec(
        "courses",
        "courses",
        Course,
        Column("schoolYearSourcedId", "school_year_sourced_id", REF, target="academicSessions"),
        Column("title", "title", TEXT, required=True),
        Column("courseCode", "course_code", TEXT),
        Column("grades", "grades", GRADE_LIST),
        Column("orgSourcedId", "org_sourced_id", REF, required=True, target="orgs"),
        Column("subjects", "subjects", LIST),
        Column("subjectCodes", "subject_codes", LIST),
    ),
    _spec(
        "classes",
        "classes",
        Class,
        Column("title", "title", TEXT, required=True),
        Column("grades", "grades", GRADE_LIST),
        Column("courseSourcedId", "course_sourced_id", REF, required=True, target="courses"),
        Column("classCode", "class_code", TEXT),
        Column("classType", "class_type", ENUM, required=True, values=CLASS_TYPES, extensible=True),
        Column("location", "location", TEXT),
        Column("schoolSourcedId", "school_sourced_id", REF, required=True, target="orgs"),
        Column("termSourcedIds", "term_sourced_ids", REFS, required=True, target="academicSessions"),
        Column("subjects", "subjects", LIST),
        Column("subjectCodes", "subject_codes", LIST),
        Column("periods", "periods", LIST),
    ),
    _spec(
        "users",
        "users",
        User,
        Column("enabledUser", "enabled_user", BOOL, required=True),
        Column("username", "username", TEXT, required=True),
        Column("userIds", "user_ids", USER_IDS),
        Column("givenName", "given_name", TEXT, required=True),
        Column("familyName", "family_name", TEXT, required=True),
        Column("middleName", "middle_name", TEXT),
        Column("identifier", "identifier", TEXT),
        Column("email", "email", TEXT),
        Column("sms", "sms", TEXT),
        Column("phone", "phone", TEXT),
        Column("agentSourcedIds", "agent_sourced_ids", REFS, target="users"),
        Column("grades", "grades", GRADE_LIST),
        Column("password", "password", TEXT),
        Column("userMasterIdentifier", "user_master_identifier", TEXT),
        Column("preferredGivenName", "preferred_given_name", TEXT),
        Column("preferredMiddleName", "preferred_middle_name", TEXT),
        Column("preferredFamilyName", "preferred_family_name", TEXT),
        Column("primaryOrgSourcedId", "primary_org_sourced_id", REF, target="orgs"),
        Column("pronouns", "pronouns", TEXT),
    ),
    _spec(
        "userProfiles",
        "user_profiles",
        UserProfile,
        Column("userSourcedId", "user_sourced_id", REF, required=True, target="users"),
        Column("profileType", "profile_type", TEXT, required=True),
        Column("vendorId", "vendor_id", TEXT, required=True),
        Column("applicationId", "application_id", TEXT),
        Column("description", "description", TEXT),
        Column("credentialType", "credential_type", TEXT, required=True),
        Column("username", "username", TEXT, required=True),
        Column("password", "password", TEXT),
    ),
    _spec(
        "roles",
        "roles",
        Role,
        Column("userSourcedId", "user_sourced_id", REF, required=True, target="users"),
        Column("roleType", "role_type", ENUM, required=True, values=ROLE_TYPES),
        Column("role", "role", ENUM, required=True, values=ROLES, extensible=True),
        Column("beginDate", "begin_date", DATE),
        Column("endDate", "end_date", DATE),
        Column("orgSourcedId", "org_sourced_id", REF, required=True, target="orgs"),
        Column("userProfileSourcedId", "user_profile_sourced_id", REF, target="userProfiles"),
    ),
    _spec(
        "enrollments",
        "enrollments",
        Enrollment,
        Column("classSourcedId", "class_sourced_id", REF, required=True, target="classes"),
        Column("schoolSourcedId", "school_sourced_id", REF, required=True, target="orgs"),
        Column("userSourcedId", "user_sourced_id", REF, required=True, target="users"),
        Column("role", "role", ENUM, required=True, values=ENROLLMENT_ROLES, extensible=True),
        Column("primary", "primary", BOOL, blank_is_false=True),
        Column("beginDate", "begin_date", DATE),
        Column("endDate", "end_date", DATE),
    ),
    _spec(
        "demographics",
        "demographics",
        Demographics,
        Column("birthDate", "birth_date", DATE),
        Column("sex", "sex", ENUM, values=SEXES, extensible=True),
        Column("americanIndianOrAlaskaNative", "american_indian_or_alaska_native", BOOL),
        Column("asian", "asian", BOOL),
        Column("blackOrAfricanAmerican", "black_or_african_american", BOOL),
        Column(
            "nativeHawaiianOrOtherPacificIslander",
            "native_hawaiian_or_other_pacific_islander",
            BOOL,
        ),
        Column("white", "white", BOOL),
        Column("demographicRaceTwoOrMoreRaces", "demographic_race_two_or_more_races", BOOL),
        Column("hispanicOrLatinoEthnicity", "hispanic_or_latino_ethnicity", BOOL),
        Column("countryOfBirthCode", "country_of_birth_code", TEXT),
        Column("stateOfBirthAbbreviation", "state_of_birth_abbreviation", TEXT),
        Column("cityOfBirth", "city_of_birth", TEXT),
        Column("publicSchoolResidenceStatus", "public_school_residence_status", TEXT),
    ),
)

FILES_BY_STEM = {spec.stem: spec for spec in FILES}

#: A demographics row's sourcedId is the sourcedId of the user it describes.
DEMOGRAPHICS_OWNER = "users"

#: users.csv columns that exist only in OneRoster 1.1 (1.2 moved them to roles.csv).
ONEROSTER_11_USER_COLUMNS = ("orgSourcedIds", "role")
