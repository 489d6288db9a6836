"""A seeded synthetic district as a OneRoster bundle: the demo school and the benchmarks' large rosters.

No real people: names are drawn from short lists, e-mail addresses use the reserved `.invalid` domain.
The same seed and sizes give the same bundle, byte for byte once written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from trellis.interop.oneroster import (
    AcademicSession,
    Bundle,
    Class,
    Course,
    Demographics,
    Enrollment,
    Org,
    Role,
    User,
)

GIVEN = [
    "Ada",
    "Amara",
    "Ana",
    "Ari",
    "Aziz",
    "Bea",
    "Camila",
    "Chen",
    "Dara",
    "Diego",
    "Elena",
    "Emeka",
    "Eva",
    "Farah",
    "Finn",
    "Gabriel",
    "Hana",
    "Ian",
    "Imani",
    "Ines",
    "Jonah",
    "Jun",
    "Kai",
    "Kavya",
    "Leo",
    "Lina",
    "Luca",
    "Mai",
    "Malik",
    "Maya",
    "Mateo",
    "Mila",
    "Nadia",
    "Nia",
    "Noah",
    "Omar",
    "Pablo",
    "Priya",
    "Quinn",
    "Rafael",
    "Rosa",
    "Sam",
    "Sofia",
    "Tariq",
    "Tess",
    "Uma",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
    "Zara",
]
FAMILY = [
    "Abara",
    "Alvarez",
    "Bennett",
    "Bui",
    "Castillo",
    "Chen",
    "Costa",
    "Dang",
    "Diaz",
    "Edwards",
    "Farouk",
    "Garcia",
    "Gomez",
    "Haddad",
    "Hughes",
    "Ibarra",
    "Ito",
    "Jensen",
    "Kim",
    "Kowalski",
    "Lopez",
    "Mbeki",
    "Mendoza",
    "Moreno",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Ortiz",
    "Patel",
    "Perez",
    "Quispe",
    "Ramos",
    "Reyes",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Tanaka",
    "Torres",
    "Vargas",
    "Walker",
    "Wang",
    "Yilmaz",
    "Zhou",
]
SUBJECTS = (
    ("MATH", "Mathematics", "02052"),
    ("ELA", "English Language Arts", "01001"),
    ("SCI", "Science", "03051"),
)
DEMO_PASSWORD = "trellis-demo-2026"  # noqa: S105 - published on purpose; works only in demo mode


@dataclass(frozen=True)
class Personas:
    """The sourcedIds of the fixed demo sign-ins (empty unless the bundle was made with personas)."""

    learner: str = ""
    sibling: str = ""
    guardian: str = ""
    restricted_guardian: str = ""
    advisor: str = ""
    teacher: str = ""
    school_admin: str = ""
    district_admin: str = ""
    usernames: dict[str, str] = field(default_factory=dict)


@dataclass
class _Builder:
    rng: random.Random
    today: dt.date
    orgs: list[Org] = field(default_factory=list)
    sessions: list[AcademicSession] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    classes: list[Class] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    enrollments: list[Enrollment] = field(default_factory=list)
    demographics: list[Demographics] = field(default_factory=list)
    agents: dict[str, list[str]] = field(default_factory=dict)
    usernames: set[str] = field(default_factory=set)
    full_names: set[tuple[str, str]] = field(default_factory=set)
    counter: int = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter:06d}"

    def username(self, given: str, family: str, wanted: str = "") -> str:
        base = wanted or f"{given}.{family}".lower()
        name, n = base, 1
        while name in self.usernames:
            n += 1
            name = f"{base}{n}"
        self.usernames.add(name)
        return name

    def person(self, prefix: str, *, grade: str = "", org: str, username: str = "", family: str = "") -> str:
        sid = self.next_id(prefix)
        family = family or self.rng.choice(FAMILY)
        given = self.rng.choice(GIVEN)
        # Distinct full names while the lists allow it, so no two demo people look like one person.
        for _ in range(20):
            if (given, family) not in self.full_names:
                break
            given = self.rng.choice(GIVEN)
        self.full_names.add((given, family))
        login = self.username(given, family, username)
        self.users.append(
            User(
                sourced_id=sid,
                status="",
                date_last_modified=None,
                enabled_user=True,
                username=login,
                user_ids=(("SIS", sid),),
                given_name=given,
                family_name=family,
                middle_name="",
                identifier=sid.upper(),
                email=f"{login}@example.invalid",
                sms="",
                phone="",
                agent_sourced_ids=(),
                grades=(grade,) if grade else (),
                password="",
                user_master_identifier="",
                preferred_given_name="",
                preferred_middle_name="",
                preferred_family_name="",
                primary_org_sourced_id=org,
                pronouns="",
            )
        )
        return sid

    def role(self, user: str, role: str, org: str, start: dt.date, end: dt.date) -> None:
        self.roles.append(
            Role(
                sourced_id=f"role-{user}-{org}-{role}",
                status="",
                date_last_modified=None,
                user_sourced_id=user,
                role_type="primary",
                role=role,
                begin_date=start,
                end_date=end,
                org_sourced_id=org,
                user_profile_sourced_id="",
            )
        )

    def enroll(self, section: Class, user: str, role: str, start: dt.date, end: dt.date) -> None:
        self.enrollments.append(
            Enrollment(
                sourced_id=f"enr-{section.sourced_id}-{user}",
                status="",
                date_last_modified=None,
                class_sourced_id=section.sourced_id,
                school_sourced_id=section.school_sourced_id,
                user_sourced_id=user,
                role=role,
                primary=role == "teacher",
                begin_date=start,
                end_date=end,
            )
        )

    def section(
        self, *, school: str, course: Course, title: str, kind: str, grade: str, terms: tuple[str, ...]
    ) -> Class:
        k = Class(
            sourced_id=self.next_id("cls"),
            status="",
            date_last_modified=None,
            title=title,
            grades=(grade,),
            course_sourced_id=course.sourced_id,
            class_code=f"{course.course_code}-{self.counter:04d}",
            class_type=kind,
            location=f"Room {self.rng.randint(100, 299)}",
            school_sourced_id=school,
            term_sourced_ids=terms,
            subjects=course.subjects,
            subject_codes=course.subject_codes,
            periods=(str(self.rng.randint(1, 7)),),
        )
        self.classes.append(k)
        return k


def school_year_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year containing `today`: mid-August to mid-June (summer belongs to the coming year)."""
    start_year = today.year if today.month >= 7 else today.year - 1
    return dt.date(start_year, 8, 15), dt.date(start_year + 1, 6, 15)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def generate_district(
    *,
    learners: int,
    seed: int = 2026,
    today: dt.date,
    learners_per_school: int = 500,
    class_size: int = 25,
    advisory_size: int = 15,
    with_personas: bool = False,
    name: str = "Riverbend Unified School District (demo)",
) -> tuple[Bundle, Personas]:
    """A district of `learners` learners across schools (elementary grades 3–5, middle grades 6–8), with
    guardians (some shared by siblings), subject teachers, advisories (homeroom sections), principals and a
    district administrator. With personas, the first middle-school learner's circle gets fixed usernames."""
    rng = random.Random(seed)
    b = _Builder(rng=rng, today=today)
    year_start, year_end = school_year_of(today)
    midyear = dt.date(year_end.year, 1, 15)
    district = "org-district"
    b.orgs.append(Org(district, "", None, name, "district", "DEMO-0001", ""))
    year = f"term-{year_end.year}"
    fall, spring = f"{year}-fall", f"{year}-spring"
    b.sessions += [
        AcademicSession(
            year,
            "",
            None,
            f"{year_start.year}–{year_end.year}",
            "schoolYear",
            year_start,
            year_end,
            "",
            str(year_end.year),
        ),
        AcademicSession(
            fall,
            "",
            None,
            "Fall",
            "semester",
            year_start,
            midyear - dt.timedelta(days=1),
            year,
            str(year_end.year),
        ),
        AcademicSession(spring, "", None, "Spring", "semester", midyear, year_end, year, str(year_end.year)),
    ]
    district_admin = b.person("usr", org=district, username="districtadmin" if with_personas else "")
    b.role(district_admin, "districtAdministrator", district, year_start, year_end)

    school_count = max(1, -(-learners // learners_per_school))
    personas: dict[str, str] = {"district_admin": district_admin}
    remaining = learners
    for index in range(school_count):
        middle = index % 2 == 0 if school_count > 1 else True
        grades = ("06", "07", "08") if middle else ("03", "04", "05")
        school_name = (
            "Cedar Middle School" if middle else "Maple Elementary School"
        ) + f" {index // 2 + 1} (demo)"
        school = f"org-school-{index + 1:03d}"
        b.orgs.append(Org(school, "", None, school_name, "school", f"DEMO-{index + 2:04d}", district))
        first_middle = index == 0
        principal = b.person(
            "usr", org=school, username="schooladmin" if with_personas and first_middle else ""
        )
        b.role(principal, "principal", school, year_start, year_end)
        if first_middle:
            personas["school_admin"] = principal
        count = min(remaining, -(-remaining // (school_count - index)))
        remaining -= count
        per_grade = {
            g: count // len(grades) + (1 if i < count % len(grades) else 0) for i, g in enumerate(grades)
        }
        for grade, size in per_grade.items():
            _grade_cohort(
                b,
                school=school,
                grade=grade,
                size=size,
                year=(year_start, year_end),
                terms=(fall, spring),
                class_size=class_size,
                advisory_size=advisory_size,
                personas=personas if with_personas and first_middle and grade == "07" else None,
            )
    if with_personas:
        _add_sibling(b, personas, year_start, year_end)

    users = [
        u if u.sourced_id not in b.agents else _with_agents(u, tuple(b.agents[u.sourced_id])) for u in b.users
    ]
    bundle = Bundle(
        source=f"synthetic:{seed}:{learners}",
        version="1.2",
        file_modes={
            "academicSessions": "bulk",
            "categories": "absent",
            "classes": "bulk",
            "classResources": "absent",
            "courses": "bulk",
            "courseResources": "absent",
            "demographics": "bulk",
            "enrollments": "bulk",
            "lineItemLearningObjectiveIds": "absent",
            "lineItems": "absent",
            "lineItemScoreScales": "absent",
            "orgs": "bulk",
            "resources": "absent",
            "results": "absent",
            "resultLearningObjectiveIds": "absent",
            "resultScoreScales": "absent",
            "roles": "bulk",
            "scoreScales": "absent",
            "userProfiles": "absent",
            "userResources": "absent",
            "users": "bulk",
        },
        orgs=tuple(b.orgs),
        academic_sessions=tuple(b.sessions),
        courses=tuple(b.courses),
        classes=tuple(b.classes),
        users=tuple(users),
        roles=tuple(b.roles),
        enrollments=tuple(b.enrollments),
        demographics=tuple(b.demographics),
        warnings=(),
    )
    usernames = {u.sourced_id: u.username for u in users}
    return bundle, Personas(usernames={k: usernames[v] for k, v in personas.items()}, **personas)


def _with_agents(user: User, agents: tuple[str, ...]) -> User:
    return replace(user, agent_sourced_ids=agents)


def _grade_cohort(
    b: _Builder,
    *,
    school: str,
    grade: str,
    size: int,
    year: tuple[dt.date, dt.date],
    terms: tuple[str, str],
    class_size: int,
    advisory_size: int,
    personas: dict[str, str] | None,
) -> None:
    start, end = year
    learners: list[str] = []
    for i in range(size):
        wants = personas is not None and i == 0
        family = b.rng.choice(FAMILY)
        learner = b.person("usr", grade=grade, org=school, username="learner" if wants else "", family=family)
        b.role(learner, "student", school, start, end)
        birth_year = start.year - (int(grade) + 5)
        b.demographics.append(
            Demographics(
                learner,
                "",
                None,
                dt.date(birth_year, b.rng.randint(1, 12), b.rng.randint(1, 28)),
                b.rng.choice(("female", "male", "other", "unspecified")),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "",
                "",
                "",
                "",
            )
        )
        guardian_count = 2 if b.rng.random() < 0.6 or wants else 1
        for g in range(guardian_count):
            login = ("guardian" if g == 0 else "restricted.guardian") if wants else ""
            guardian = b.person("usr", org=school, username=login, family=family)
            b.role(guardian, "parent" if g == 0 else "guardian", school, start, end)
            b.agents.setdefault(learner, []).append(guardian)
            b.agents.setdefault(guardian, []).append(learner)
            if wants and personas is not None:
                personas["guardian" if g == 0 else "restricted_guardian"] = guardian
        if wants and personas is not None:
            personas["learner"] = learner
        learners.append(learner)

    for code, subject, subject_code in SUBJECTS:
        course = Course(
            sourced_id=f"crs-{school}-{code}-{grade}",
            status="",
            date_last_modified=None,
            school_year_sourced_id=f"term-{end.year}",
            title=f"{subject} {int(grade)}",
            course_code=f"{code}-{grade}",
            grades=(grade,),
            org_sourced_id=school,
            subjects=(subject,),
            subject_codes=(subject_code,),
        )
        b.courses.append(course)
        for n, group in enumerate(_chunks(learners, class_size), start=1):
            wants = personas is not None and n == 1 and code == "MATH"
            teacher = b.person("usr", org=school, username="teacher" if wants else "")
            b.role(teacher, "teacher", school, start, end)
            if wants and personas is not None:
                personas["teacher"] = teacher
            section = b.section(
                school=school,
                course=course,
                title=f"{subject} {int(grade)} – Section {n}",
                kind="scheduled",
                grade=grade,
                terms=terms,
            )
            b.enroll(section, teacher, "teacher", start, end)
            for learner in group:
                b.enroll(section, learner, "student", start, end)

    advisory_course = Course(
        sourced_id=f"crs-{school}-ADV-{grade}",
        status="",
        date_last_modified=None,
        school_year_sourced_id=f"term-{end.year}",
        title=f"Advisory {int(grade)}",
        course_code=f"ADV-{grade}",
        grades=(grade,),
        org_sourced_id=school,
        subjects=("Advisory",),
        subject_codes=(),
    )
    b.courses.append(advisory_course)
    for n, group in enumerate(_chunks(learners, advisory_size), start=1):
        wants = personas is not None and n == 1
        advisor = b.person("usr", org=school, username="advisor" if wants else "")
        b.role(advisor, "teacher", school, start, end)
        if wants and personas is not None:
            personas["advisor"] = advisor
        section = b.section(
            school=school,
            course=advisory_course,
            title=f"Advisory {int(grade)}–{n}",
            kind="homeroom",
            grade=grade,
            terms=terms,
        )
        b.enroll(section, advisor, "teacher", start, end)
        for learner in group:
            b.enroll(section, learner, "student", start, end)


def _add_sibling(b: _Builder, personas: dict[str, str], start: dt.date, end: dt.date) -> None:
    """The demo guardian's second child, at the elementary school, so a family sees two children."""
    elementary = next((o.sourced_id for o in b.orgs if o.type == "school" and "Elementary" in o.name), None)
    if elementary is None:
        return
    learner_user = next(u for u in b.users if u.sourced_id == personas["learner"])
    sibling = b.person("usr", grade="04", org=elementary, family=learner_user.family_name)
    b.role(sibling, "student", elementary, start, end)
    guardian = personas["guardian"]
    b.agents.setdefault(sibling, []).append(guardian)
    b.agents[guardian].append(sibling)
    fourth = [k for k in b.classes if k.school_sourced_id == elementary and k.grades == ("04",)]
    first_sections = [k for k in fourth if k.title.endswith("Section 1")]
    first_advisory = [k for k in fourth if k.class_type == "homeroom"][:1]
    for section in first_sections + first_advisory:
        b.enroll(section, sibling, "student", start, end)
    personas["sibling"] = sibling
