"""Write a synthetic, valid OneRoster 1.2 bulk bundle of any size (for scale checks).

    python -m trellis.interop.oneroster.tests.generate OUT_DIR --users 50000 --enrollments 500000

Each user gets one role; enrollments spread students over classes, ten per student by default.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from trellis.interop.oneroster.schema import FILES_BY_STEM, MANIFEST_FILES


def _write(path: Path, header: tuple[str, ...], rows: object) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


def generate(directory: Path, users: int, enrollments: int, schools: int = 10) -> None:
    """Write the bundle; ``users`` of whom 1 in 20 teach; ``enrollments`` rows in total."""
    directory.mkdir(parents=True, exist_ok=True)
    header = {stem: spec.header for stem, spec in FILES_BY_STEM.items()}
    school_ids = [f"sch-{n}" for n in range(schools)]
    _write(
        directory / "orgs.csv",
        header["orgs"],
        [("dist-1", "", "", "District", "district", "D-1", "")]
        + [(s, "", "", f"School {s}", "school", s.upper(), "dist-1") for s in school_ids],
    )
    _write(
        directory / "academicSessions.csv",
        header["academicSessions"],
        [
            ("sy", "", "", "2026-2027", "schoolYear", "2026-08-17", "2027-06-11", "", "2027"),
            ("t1", "", "", "Fall", "term", "2026-08-17", "2027-01-15", "sy", "2027"),
            ("t2", "", "", "Spring", "term", "2027-01-19", "2027-06-11", "sy", "2027"),
        ],
    )
    courses = max(1, enrollments // 25_000)
    _write(
        directory / "courses.csv",
        header["courses"],
        (
            (f"crs-{n}", "", "", "sy", f"Course {n}", f"C{n}", "07", school_ids[n % schools], "Math", "")
            for n in range(courses)
        ),
    )
    teachers = max(1, users // 20)
    students = max(1, users - teachers)
    per_class = 25
    classes = max(1, (enrollments - 0) // per_class)
    _write(
        directory / "classes.csv",
        header["classes"],
        (
            (
                f"cls-{n}",
                "",
                "",
                f"Class {n}",
                "07",
                f"crs-{n % courses}",
                f"K{n}",
                "scheduled",
                f"Room {n % 300}",
                school_ids[(n % courses) % schools],
                "t1,t2",
                "Math",
                "",
                str(n % 8 + 1),
            )
            for n in range(classes)
        ),
    )

    def user_row(n: int) -> tuple[str, ...]:
        teacher = n < teachers
        return (
            f"usr-{n}",
            "",
            "",
            "true",
            f"user{n}",
            f"{{SIS:{n}}},{{LDAP:user{n}}}",
            f"Given{n}",
            f"Family{n}",
            "",
            f"ID-{n}",
            f"user{n}@example.invalid",
            "",
            "",
            "",
            "" if teacher else "07",
            "",
            "",
            "",
            "",
            "",
            school_ids[n % schools],
            "",
        )

    _write(directory / "users.csv", header["users"], (user_row(n) for n in range(teachers + students)))
    _write(
        directory / "roles.csv",
        header["roles"],
        (
            (
                f"rol-{n}",
                "",
                "",
                f"usr-{n}",
                "primary",
                "teacher" if n < teachers else "student",
                "2026-08-17",
                "2027-06-11",
                school_ids[n % schools],
                "",
            )
            for n in range(teachers + students)
        ),
    )

    def enrollment_row(n: int) -> tuple[str, ...]:
        cls = n // per_class
        if n % per_class == 0:
            user, role, primary = f"usr-{cls % teachers}", "teacher", "true"
        else:
            user, role, primary = f"usr-{teachers + n % students}", "student", "false"
        school = school_ids[(cls % courses) % schools]
        return (f"enr-{n}", "", "", f"cls-{cls}", school, user, role, primary, "2026-08-17", "2027-06-11")

    _write(
        directory / "enrollments.csv",
        header["enrollments"],
        (enrollment_row(n) for n in range(classes * per_class)),
    )
    present = {"orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments"}
    _write(
        directory / "manifest.csv",
        ("propertyName", "value"),
        [("manifest.version", "1.0"), ("oneroster.version", "1.2")]
        + [(f"file.{stem}", "bulk" if stem in present else "absent") for stem in MANIFEST_FILES],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--enrollments", type=int, default=500_000)
    args = parser.parse_args()
    generate(args.directory, args.users, args.enrollments)


if __name__ == "__main__":
    main()
