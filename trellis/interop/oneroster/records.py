"""Typed records, one class per OneRoster 1.2 rostering CSV file.

Conventions shared by every record:

* Attributes follow the file's columns in the CSV binding's order (``sourcedId`` becomes
  ``sourced_id``), then ``line``.
* ``status`` is "" (bulk files), "active" or "tobedeleted"; ``date_last_modified`` is an aware UTC
  datetime, or None when the column is blank (bulk files).
* Optional text and optional references are "" when blank, never None; optional dates and
  optional booleans are None when blank.
* Multi-valued columns are tuples in file order; ``User.user_ids`` is ``((type, id), ...)``.
* ``line`` is the physical line of the row in its file (the header is line 1; 0 for records built
  in code). It does not take part in equality, so a bundle written and read back compares equal.
* Passwords (``User.password``, ``UserProfile.password``) are kept out of ``repr`` so that they do
  not end up in logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Org:
    """orgs.csv: a district, school, department or other organisation."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    name: str
    type: str  # district | school | department | local | state | national | ext:...
    identifier: str
    parent_sourced_id: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class AcademicSession:
    """academicSessions.csv: a school year, semester, term or grading period."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    title: str
    type: str  # gradingPeriod | semester | schoolYear | term | ext:...
    start_date: date
    end_date: date
    parent_sourced_id: str
    school_year: str  # YYYY
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Course:
    """courses.csv: a course offered by an org; classes are its sections."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    school_year_sourced_id: str
    title: str
    course_code: str
    grades: tuple[str, ...]
    org_sourced_id: str
    subjects: tuple[str, ...]
    subject_codes: tuple[str, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Class:
    """classes.csv: a section of a course, taught at a school in one or more terms."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    title: str
    grades: tuple[str, ...]
    course_sourced_id: str
    class_code: str
    class_type: str  # homeroom | scheduled | ext:...
    location: str
    school_sourced_id: str
    term_sourced_ids: tuple[str, ...]
    subjects: tuple[str, ...]
    subject_codes: tuple[str, ...]
    periods: tuple[str, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class User:
    """users.csv: a person. Roles live in roles.csv and class membership in enrollments.csv."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    enabled_user: bool
    username: str
    user_ids: tuple[tuple[str, str], ...]
    given_name: str
    family_name: str
    middle_name: str
    identifier: str
    email: str
    sms: str
    phone: str
    agent_sourced_ids: tuple[str, ...]
    grades: tuple[str, ...]
    password: str = field(repr=False)
    user_master_identifier: str
    preferred_given_name: str
    preferred_middle_name: str
    preferred_family_name: str
    primary_org_sourced_id: str
    pronouns: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class UserProfile:
    """userProfiles.csv: a user's account with one external system (vendor/application)."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    user_sourced_id: str
    profile_type: str
    vendor_id: str
    application_id: str
    description: str
    credential_type: str
    username: str
    password: str = field(repr=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Role:
    """roles.csv: what a user is at an org (student at a school, teacher, guardian, ...)."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    user_sourced_id: str
    role_type: str  # primary | secondary
    role: str
    begin_date: date | None
    end_date: date | None
    org_sourced_id: str
    user_profile_sourced_id: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Enrollment:
    """enrollments.csv: a user's membership of a class, as student, teacher, ..."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    class_sourced_id: str
    school_sourced_id: str
    user_sourced_id: str
    role: str  # administrator | proctor | student | teacher | ext:...
    primary: bool  # a blank cell reads as False
    begin_date: date | None
    end_date: date | None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Demographics:
    """demographics.csv: one row per user; ``sourced_id`` is the user's sourcedId."""

    sourced_id: str
    status: str
    date_last_modified: datetime | None
    birth_date: date | None
    sex: str  # male | female | unspecified | other | ext:... | ""
    american_indian_or_alaska_native: bool | None
    asian: bool | None
    black_or_african_american: bool | None
    native_hawaiian_or_other_pacific_islander: bool | None
    white: bool | None
    demographic_race_two_or_more_races: bool | None
    hispanic_or_latino_ethnicity: bool | None
    country_of_birth_code: str
    state_of_birth_abbreviation: str
    city_of_birth: str
    public_school_residence_status: str
    line: int = field(default=0, compare=False)


Record = Org | AcademicSession | Course | Class | User | UserProfile | Role | Enrollment | Demographics
