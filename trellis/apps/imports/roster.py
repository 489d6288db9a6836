"""OneRoster import: parse -> plan (a diff against the database) -> apply atomically.

The plan compares the roster's view of every record with what the database holds, in one flat shape per
kind of record (a dict of plain values, relations written as sourcedIds). Learners, guardianships and
advisors are *derived*: from student roles, from users' agentSourcedIds (both directions), and from the
teachers of homeroom sections. They are computed from the merged state (database overlaid with the bundle),
so bulk and delta files are handled by one code path, and re-importing the same bundle plans no change.

Nothing is destroyed: a record that leaves the roster is *ended* (relationships get an end date, accounts
are deactivated), so history and evidence stay intact and access ends.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from trellis.apps.rosters.models import (
    Course,
    District,
    Enrollment,
    Guardianship,
    Learner,
    LearningTeam,
    OrgRole,
    School,
    Section,
    TeamMembership,
    Term,
)
from trellis.interop.oneroster import Bundle, Issue, OneRosterError
from trellis.lib import bulk, clock

User = get_user_model()

Row = dict[str, Any]
State = dict[str, dict[str, Row]]

# Kinds in the order they are applied (parents before children).
KINDS = (
    "district",
    "school",
    "term",
    "course",
    "section",
    "user",
    "learner",
    "role",
    "enrollment",
    "guardianship",
    "advisor",
)
ENDABLE = {"user", "role", "enrollment", "guardianship", "advisor"}
GUARDIAN_ROLES = {"guardian": "guardian", "parent": "parent", "relative": "relative"}
TEACHING_ROLES = {"teacher", "aide"}
# Beyond _IN_LIMIT keys, a lookup reads the whole mapping once rather than sending an IN list of tens of
# thousands of parameters (databases cap them: SQLite at 250,000).
_IN_LIMIT = 900


@dataclass
class Change:
    kind: str
    action: str  # create | update | end
    key: str
    row: Row
    before: Row | None = None

    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        if self.before is None:
            return {}
        keys = dict.fromkeys([*self.before, *self.row])
        return {
            k: (self.before.get(k), self.row.get(k)) for k in keys if self.before.get(k) != self.row.get(k)
        }


@dataclass
class RosterPlan:
    source: str
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            counts.setdefault(change.kind, {"create": 0, "update": 0, "end": 0})[change.action] += 1
        return {kind: counts[kind] for kind in KINDS if kind in counts}

    def by_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


# --- the database in the plan's shape ------------------------------------------------------------------


def _sid_map(model: Any) -> dict[int, str]:
    return dict(model.objects.exclude(sourced_id=None).values_list("id", "sourced_id"))


def _rows(values: Iterable[Any]) -> Iterator[Row]:
    """`.values()` rows as plain dicts the plan may reshape (pop ids, add sourcedIds)."""
    for row in values:
        yield dict(row)


def load_state() -> State:
    """Every roster-sourced record, flattened. A few queries, no per-row work in the database."""
    districts, schools, terms = _sid_map(District), _sid_map(School), _sid_map(Term)
    courses, sections, users = _sid_map(Course), _sid_map(Section), _sid_map(User)
    state: State = {kind: {} for kind in KINDS}
    for d in _rows(District.objects.exclude(sourced_id=None).values("sourced_id", "name", "identifier")):
        state["district"][d.pop("sourced_id")] = d
    for s in _rows(
        School.objects.exclude(sourced_id=None).values("sourced_id", "name", "identifier", "district_id")
    ):
        s["district"] = districts.get(s.pop("district_id"))
        state["school"][s.pop("sourced_id")] = s
    for t in _rows(
        Term.objects.exclude(sourced_id=None).values(
            "sourced_id", "title", "kind", "start_date", "end_date", "school_year", "parent_id"
        )
    ):
        t["parent"] = terms.get(t.pop("parent_id"))
        state["term"][t.pop("sourced_id")] = t
    for c in _rows(
        Course.objects.exclude(sourced_id=None).values(
            "sourced_id", "title", "code", "grades", "subjects", "district_id", "school_id"
        )
    ):
        c["district"] = districts.get(c.pop("district_id"))
        c["school"] = schools.get(c.pop("school_id"))
        state["course"][c.pop("sourced_id")] = c
    section_terms: dict[int, list[str]] = defaultdict(list)
    for section_id, term_id in Section.terms.through.objects.values_list("section_id", "term_id"):
        if term_id in terms:
            section_terms[section_id].append(terms[term_id])
    for s in _rows(
        Section.objects.exclude(sourced_id=None).values(
            "id", "sourced_id", "title", "code", "kind", "location", "grades", "school_id", "course_id"
        )
    ):
        s["school"] = schools.get(s.pop("school_id"))
        s["course"] = courses.get(s.pop("course_id"))
        s["terms"] = tuple(sorted(section_terms.get(s.pop("id"), ())))
        state["section"][s.pop("sourced_id")] = s
    for u in _rows(
        User.objects.exclude(sourced_id=None).values(
            "sourced_id", "username", "first_name", "last_name", "preferred_name", "email", "is_active"
        )
    ):
        state["user"][u.pop("sourced_id")] = u
    for learner in _rows(
        Learner.objects.filter(user__sourced_id__isnull=False)
        .order_by()  # only looked up by key: no need to sort by name
        .values("user_id", "school_id", "grade", "birth_date")
    ):
        key = users[learner.pop("user_id")]
        learner["school"] = schools.get(learner.pop("school_id"))
        state["learner"][key] = learner
    for r in _rows(
        OrgRole.objects.exclude(sourced_id=None).values(
            "sourced_id",
            "user_id",
            "role",
            "is_primary",
            "school_id",
            "district_id",
            "start_date",
            "end_date",
        )
    ):
        r["user"] = users.get(r.pop("user_id"))
        r["school"] = schools.get(r.pop("school_id"))
        r["district"] = districts.get(r.pop("district_id"))
        state["role"][r.pop("sourced_id")] = r
    for e in _rows(
        Enrollment.objects.exclude(sourced_id=None).values(
            "sourced_id", "section_id", "user_id", "role", "is_primary", "start_date", "end_date"
        )
    ):
        e["section"] = sections.get(e.pop("section_id"))
        e["user"] = users.get(e.pop("user_id"))
        state["enrollment"][e.pop("sourced_id")] = e
    learner_users = dict(Learner.objects.order_by().values_list("id", "user_id"))
    for g in _rows(
        Guardianship.objects.filter(source=Guardianship.Source.ROSTER).values(
            "guardian_id", "learner_id", "relationship", "start_date", "end_date"
        )
    ):
        guardian, learner_user = (
            users.get(g.pop("guardian_id")),
            users.get(learner_users[g.pop("learner_id")]),
        )
        state["guardianship"][f"{guardian}|{learner_user}"] = g
    for m in _rows(
        TeamMembership.objects.filter(
            source=TeamMembership.Source.ROSTER, role=TeamMembership.Role.ADVISOR
        ).values("user_id", "team__learner__user_id", "start_date", "end_date")
    ):
        advisor, learner_user = users.get(m.pop("user_id")), users.get(m.pop("team__learner__user_id"))
        state["advisor"][f"{advisor}|{learner_user}"] = m
    return state


# --- the bundle in the plan's shape --------------------------------------------------------------------


def _joined(values: Iterable[str]) -> str:
    return ",".join(values)


def _bundle_rows(bundle: Bundle) -> tuple[State, dict[str, set[str]], dict[str, tuple[str, ...]]]:
    """The bundle's records in the plan's shape, the sourcedIds marked tobedeleted, and users' agents."""
    rows: State = {kind: {} for kind in KINDS}
    deleted: dict[str, set[str]] = defaultdict(set)
    agents: dict[str, tuple[str, ...]] = {}

    def put(kind: str, record: Any, row: Row) -> None:
        if record.status == "tobedeleted":
            deleted[kind].add(record.sourced_id)
        else:
            rows[kind][record.sourced_id] = row

    for org in bundle.orgs:
        if org.type == "district":
            put("district", org, {"name": org.name, "identifier": org.identifier})
        elif org.type == "school":
            put(
                "school",
                org,
                {"name": org.name, "identifier": org.identifier, "district": org.parent_sourced_id or None},
            )
    for s in bundle.academic_sessions:
        put(
            "term",
            s,
            {
                "title": s.title,
                "kind": s.type,
                "start_date": s.start_date,
                "end_date": s.end_date,
                "school_year": s.school_year,
                "parent": s.parent_sourced_id or None,
            },
        )
    for c in bundle.courses:
        put(
            "course",
            c,
            {
                "title": c.title,
                "code": c.course_code,
                "grades": _joined(c.grades),
                "subjects": _joined(c.subjects),
                "org": c.org_sourced_id,
            },
        )
    for k in bundle.classes:
        put(
            "section",
            k,
            {
                "title": k.title,
                "code": k.class_code,
                "kind": "homeroom" if k.class_type == "homeroom" else "scheduled",
                "location": k.location,
                "grades": _joined(k.grades),
                "school": k.school_sourced_id,
                "course": k.course_sourced_id or None,
                "terms": tuple(sorted(k.term_sourced_ids)),
            },
        )
    for u in bundle.users:
        agents[u.sourced_id] = tuple(u.agent_sourced_ids)
        put(
            "user",
            u,
            {
                "username": (u.username or u.sourced_id)[:150],
                "first_name": u.given_name[:150],
                "last_name": u.family_name[:150],
                "preferred_name": (u.preferred_given_name or "")[:150],
                "email": u.email[:254],
                "is_active": bool(u.enabled_user),
                "_grade": u.grades[0] if u.grades else "",
                "_primary_org": u.primary_org_sourced_id,
            },
        )
    for r in bundle.roles:
        put(
            "role",
            r,
            {
                "user": r.user_sourced_id,
                "role": r.role,
                "is_primary": r.role_type == "primary",
                "org": r.org_sourced_id,
                "start_date": r.begin_date,
                "end_date": r.end_date,
            },
        )
    for e in bundle.enrollments:
        put(
            "enrollment",
            e,
            {
                "section": e.class_sourced_id,
                "user": e.user_sourced_id,
                "role": e.role,
                "is_primary": bool(e.primary),
                "start_date": e.begin_date,
                "end_date": e.end_date,
            },
        )
    return rows, deleted, agents


# --- planning ------------------------------------------------------------------------------------------


def _end(row: Row, kind: str, yesterday: dt.date) -> Row:
    ended = dict(row)
    if kind == "user":
        ended["is_active"] = False
    elif ended.get("end_date") is None or ended["end_date"] > yesterday:
        ended["end_date"] = yesterday
    return ended


def plan_roster(bundle: Bundle) -> RosterPlan:
    """Compare the bundle with the database. Raises OneRosterError when references cannot be resolved or
    the bundle conflicts with accounts that are not from this roster. Writes nothing."""
    plan = RosterPlan(source=bundle.source, warnings=[str(w) for w in bundle.warnings])
    existing = load_state()
    incoming, deleted, agents = _bundle_rows(bundle)
    yesterday = clock.today() - dt.timedelta(days=1)
    issues: list[Issue] = []
    org_kinds = dict.fromkeys(existing["district"], "district") | dict.fromkeys(existing["school"], "school")
    org_kinds |= dict.fromkeys(incoming["district"], "district") | dict.fromkeys(incoming["school"], "school")
    lines = _line_index(bundle)

    def problem(kind: str, key: str, field_name: str, message: str) -> None:
        file, line = lines.get((kind, key), ("", 0))
        issues.append(Issue(file=file, line=line, field=field_name, message=message))

    # Resolve what OneRoster leaves open: which org an id names, courses owned by a district or a school.
    for key, row in incoming["course"].items():
        org = row.pop("org")
        if org_kinds.get(org) == "district":
            row["district"], row["school"] = org, None
        elif org_kinds.get(org) == "school":
            school_row = incoming["school"].get(org) or existing["school"].get(org) or {}
            row["district"], row["school"] = school_row.get("district"), org
        else:
            problem("course", key, "orgSourcedId", f"org '{org}' is not a district or school in this roster")
    for key, row in incoming["role"].items():
        org = row.pop("org")
        kind = org_kinds.get(org)
        if kind is None:
            problem("role", key, "orgSourcedId", f"org '{org}' is not a district or school in this roster")
        row["school"] = org if kind == "school" else None
        row["district"] = org if kind == "district" else None

    # Merge: bulk files replace their kind; delta files overlay it. Rows leaving the roster end.
    merged: State = {}
    modes = {
        "district": "orgs",
        "school": "orgs",
        "term": "academicSessions",
        "course": "courses",
        "section": "classes",
        "user": "users",
        "role": "roles",
        "enrollment": "enrollments",
    }
    for kind, file_kind in modes.items():
        mode = bundle.file_modes.get(file_kind, "absent")
        current = existing[kind]
        if mode == "absent":
            merged[kind] = dict(current)
            continue
        merged[kind] = dict(current) if mode == "delta" else {}
        merged[kind].update(incoming[kind])
        leaving = deleted[kind] if mode == "delta" else set(current) - set(incoming[kind])
        for key in leaving & set(current):
            if kind in ENDABLE:
                merged[kind][key] = _end(current[key], kind, yesterday)
            else:
                plan.warnings.append(
                    f"{file_kind}: {key} is no longer in the roster; it is kept because records refer to it"
                )
                merged[kind][key] = current[key]

    _check_references(merged, problem)
    _check_usernames(merged["user"], existing["user"], problem)
    if issues:
        raise OneRosterError(issues)

    birth_dates = {d.sourced_id: d.birth_date for d in bundle.demographics if d.birth_date}
    merged["learner"] = _derive_learners(merged, existing["learner"], birth_dates)
    merged["guardianship"] = _derive_guardianships(
        merged, existing, agents, incoming["user"], deleted, yesterday
    )
    merged["advisor"] = _derive_advisors(merged, existing["advisor"], yesterday)
    for key, row in merged["user"].items():
        merged["user"][key] = {k: v for k, v in row.items() if not k.startswith("_")}

    for kind in KINDS:
        current = existing[kind]
        for key, row in merged[kind].items():
            before = current.get(key)
            if before is None:
                plan.changes.append(Change(kind, "create", key, row))
            elif before != row:
                action = "end" if kind in ENDABLE and _is_ending(before, row) else "update"
                plan.changes.append(Change(kind, action, key, row, before))
    return plan


def _is_ending(before: Row, after: Row) -> bool:
    if "is_active" in after and before.get("is_active") and not after["is_active"]:
        return True
    return (
        after.get("end_date") is not None
        and before.get("end_date") != after.get("end_date")
        and all(before.get(k) == v for k, v in after.items() if k != "end_date")
    )


def _line_index(bundle: Bundle) -> dict[tuple[str, str], tuple[str, int]]:
    index: dict[tuple[str, str], tuple[str, int]] = {}
    for kind, file, records in (
        ("course", "courses.csv", bundle.courses),
        ("section", "classes.csv", bundle.classes),
        ("user", "users.csv", bundle.users),
        ("role", "roles.csv", bundle.roles),
        ("enrollment", "enrollments.csv", bundle.enrollments),
        ("term", "academicSessions.csv", bundle.academic_sessions),
    ):
        for record in records:
            index[(kind, record.sourced_id)] = (file, record.line)
    for org in bundle.orgs:
        index[("school" if org.type == "school" else "district", org.sourced_id)] = ("orgs.csv", org.line)
    return index


def _check_references(merged: State, problem: Callable[[str, str, str, str], None]) -> None:
    refs = (
        ("school", "district", "district", "parentSourcedId"),
        ("term", "parent", "term", "parentSourcedId"),
        ("course", "school", "school", "orgSourcedId"),
        ("section", "school", "school", "schoolSourcedId"),
        ("section", "course", "course", "courseSourcedId"),
        ("role", "user", "user", "userSourcedId"),
        ("enrollment", "section", "section", "classSourcedId"),
        ("enrollment", "user", "user", "userSourcedId"),
    )
    for kind, attr, target, column in refs:
        for key, row in merged[kind].items():
            value = row.get(attr)
            if value and value not in merged[target]:
                problem(
                    kind,
                    key,
                    column,
                    f"refers to {target} '{value}', which is neither in this roster "
                    "nor already imported; add it to the bundle",
                )
            if kind == "school" and not value:
                problem(kind, key, "parentSourcedId", "a school must belong to a district; name its district")
    for key, row in merged["section"].items():
        for term in row.get("terms", ()):
            if term not in merged["term"]:
                problem(
                    "section", key, "termSourcedIds", f"refers to term '{term}', which is not in this roster"
                )


def _check_usernames(users: dict[str, Row], existing: dict[str, Row], problem: Callable[..., None]) -> None:
    seen: dict[str, str] = {}
    for key, row in users.items():
        name = row["username"].lower()
        if name in seen:
            problem(
                "user", key, "username", f"username '{row['username']}' is also used by user '{seen[name]}'"
            )
        seen[name] = key
    wanted = {r["username"] for r in users.values()}
    accounts = User.objects.values_list("username", "sourced_id")
    if len(wanted) <= _IN_LIMIT:
        accounts = accounts.filter(username__in=wanted)
    taken = {name.lower(): sid for name, sid in accounts if name in wanted}
    for key, row in users.items():
        owner = taken.get(row["username"].lower(), key)
        if owner != key and key not in existing:
            problem(
                "user",
                key,
                "username",
                f"username '{row['username']}' already belongs to an account "
                "that is not from this roster; rename one of them",
            )


def _derive_learners(
    merged: State, existing: dict[str, Row], birth_dates: dict[str, dt.date]
) -> dict[str, Row]:
    """A learner record for every user with a student role (or, lacking roles, a student enrollment)."""
    learners: dict[str, Row] = {}
    student_roles = sorted(
        (r for r in merged["role"].values() if r["role"] == "student" and r["school"]),
        key=lambda r: not r["is_primary"],
    )
    for role in student_roles:
        learners.setdefault(role["user"], {"school": role["school"]})
    for enrollment in merged["enrollment"].values():
        if enrollment["role"] == "student" and enrollment["user"] not in learners:
            learners[enrollment["user"]] = {"school": merged["section"][enrollment["section"]]["school"]}
    for user_key, row in learners.items():
        user = merged["user"].get(user_key, {})
        before = existing.get(user_key, {})
        row["grade"] = user.get("_grade", before.get("grade", ""))
        row["birth_date"] = birth_dates.get(user_key, before.get("birth_date"))
    return learners


def _derive_guardianships(
    merged: State,
    existing: State,
    agents: dict[str, tuple[str, ...]],
    incoming_users: dict[str, Row],
    deleted: dict[str, set[str]],
    yesterday: dt.date,
) -> dict[str, Row]:
    """Guardian links from agentSourcedIds, named from either side; pairs with a bundle user re-decided."""
    guardian_kind: dict[str, str] = {}
    for role in merged["role"].values():
        if role["role"] in GUARDIAN_ROLES:
            guardian_kind.setdefault(role["user"], GUARDIAN_ROLES[role["role"]])
    learners = merged["learner"]
    asserted: set[tuple[str, str]] = set()
    for user_key, agent_keys in agents.items():
        for agent in agent_keys:
            if user_key in learners and agent in guardian_kind:
                asserted.add((agent, user_key))
            elif agent in learners and user_key in guardian_kind:
                asserted.add((user_key, agent))
    restated = set(incoming_users) | deleted["user"]
    result: dict[str, Row] = {}
    for key, row in existing["guardianship"].items():
        guardian, learner = key.split("|")
        kept = (guardian, learner) in asserted or not ({guardian, learner} & restated)
        result[key] = dict(row) if kept else _end(row, "guardianship", yesterday)
    for guardian, learner in asserted:
        key = f"{guardian}|{learner}"
        previous = existing["guardianship"].get(key)
        end = None
        if not merged["user"].get(guardian, {}).get("is_active", True):
            end = yesterday
        result[key] = {
            "relationship": guardian_kind[guardian],
            "start_date": previous["start_date"] if previous else None,
            "end_date": end,
        }
    return result


def _derive_advisors(merged: State, existing: dict[str, Row], yesterday: dt.date) -> dict[str, Row]:
    """The teachers of a homeroom section advise its learners, for as long as both are enrolled."""
    homerooms = {key for key, row in merged["section"].items() if row["kind"] == "homeroom"}
    teachers: dict[str, list[Row]] = defaultdict(list)
    learners: dict[str, list[Row]] = defaultdict(list)
    for e in merged["enrollment"].values():
        if e["section"] in homerooms:
            if e["role"] in TEACHING_ROLES:
                teachers[e["section"]].append(e)
            elif e["role"] == "student":
                learners[e["section"]].append(e)
    result: dict[str, Row] = {}
    for section, section_learners in learners.items():
        for teacher in teachers.get(section, ()):
            for learner in section_learners:
                key = f"{teacher['user']}|{learner['user']}"
                start = _latest(teacher["start_date"], learner["start_date"])
                end = _earliest(teacher["end_date"], learner["end_date"])
                if key in result:  # advises the same learner in two homerooms: the widest window
                    other = result[key]
                    start = None if None in (start, other["start_date"]) else min(start, other["start_date"])
                    end = None if None in (end, other["end_date"]) else max(end, other["end_date"])
                result[key] = {"start_date": start, "end_date": end}
    for key, row in existing.items():
        if key not in result:
            result[key] = _end(row, "advisor", yesterday)
    return result


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return a if b is None else b if a is None else max(a, b)


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return a if b is None else b if a is None else min(a, b)


# --- applying ------------------------------------------------------------------------------------------

ProgressCallback = Callable[[str, int, int], None]


@transaction.atomic
def apply_roster_plan(
    plan: RosterPlan, *, progress: ProgressCallback | None = None
) -> dict[str, dict[str, int]]:
    """Write every change of the plan in one transaction: all of it lands, or none of it."""
    total = len(plan.changes)
    done = 0
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in plan.changes:
        grouped[change.kind].append(change)
    for kind in KINDS:
        changes = grouped.get(kind, [])
        if changes:
            _APPLIERS[kind](changes)
        done += len(changes)
        if progress:
            progress(kind, done, total)
    return plan.summary()


def _ids(model: Any, keys: Iterable[str | None]) -> dict[str, int]:
    wanted = {k for k in keys if k}
    if len(wanted) <= _IN_LIMIT:
        return (
            dict(model.objects.filter(sourced_id__in=wanted).values_list("sourced_id", "id"))
            if wanted
            else {}
        )
    everything = model.objects.exclude(sourced_id=None).order_by().values_list("sourced_id", "id")
    return {key: pk for key, pk in everything if key in wanted}


def _learner_ids(user_ids: Iterable[int]) -> dict[int, int]:
    """user id -> learner id, for the users that are learners."""
    wanted = set(user_ids)
    if len(wanted) <= _IN_LIMIT:
        return dict(Learner.objects.filter(user_id__in=wanted).order_by().values_list("user_id", "id"))
    return {
        user: pk for user, pk in Learner.objects.order_by().values_list("user_id", "id") if user in wanted
    }


def _write(model: Any, changes: list[Change], to_fields: Callable[[Row], Row]) -> None:
    creates = [c for c in changes if c.action == "create"]
    if creates:
        names = ["sourced_id", *to_fields(creates[0].row)]
        bulk.insert(model, names, ([c.key, *to_fields(c.row).values()] for c in creates))
    updates = [c for c in changes if c.action != "create"]
    if updates:
        ids = _ids(model, (c.key for c in updates))
        names = list(to_fields(updates[0].row))
        bulk.update(model, names, ([*to_fields(c.row).values(), ids[c.key]] for c in updates))


def _apply_districts(changes: list[Change]) -> None:
    _write(District, changes, lambda r: {"name": r["name"], "identifier": r["identifier"]})


def _apply_schools(changes: list[Change]) -> None:
    districts = _ids(District, (c.row["district"] for c in changes))
    _write(
        School,
        changes,
        lambda r: {"name": r["name"], "identifier": r["identifier"], "district_id": districts[r["district"]]},
    )


def _apply_terms(changes: list[Change]) -> None:
    fields = ("title", "kind", "start_date", "end_date", "school_year")
    _write(Term, changes, lambda r: {f: r[f] for f in fields})
    # Parents may be created in this same batch, so link them once every term exists.
    terms = _ids(Term, [c.key for c in changes] + [c.row["parent"] for c in changes])
    bulk.update(Term, ["parent_id"], [(terms.get(c.row["parent"]), terms[c.key]) for c in changes])


def _apply_courses(changes: list[Change]) -> None:
    districts = _ids(District, (c.row["district"] for c in changes))
    schools = _ids(School, (c.row["school"] for c in changes))
    _write(
        Course,
        changes,
        lambda r: {
            "title": r["title"],
            "code": r["code"],
            "grades": r["grades"],
            "subjects": r["subjects"],
            "district_id": districts[r["district"]],
            "school_id": schools.get(r["school"]),
        },
    )


def _apply_sections(changes: list[Change]) -> None:
    schools = _ids(School, (c.row["school"] for c in changes))
    courses = _ids(Course, (c.row["course"] for c in changes))
    _write(
        Section,
        changes,
        lambda r: {
            "title": r["title"],
            "code": r["code"],
            "kind": r["kind"],
            "location": r["location"],
            "grades": r["grades"],
            "school_id": schools[r["school"]],
            "course_id": courses.get(r["course"]),
        },
    )
    sections = _ids(Section, (c.key for c in changes))
    terms = _ids(Term, (t for c in changes for t in c.row["terms"]))
    through = Section.terms.through
    for batch in bulk.batches(sections.values()):
        through.objects.filter(section_id__in=batch).delete()
    bulk.insert(
        through,
        ["section_id", "term_id"],
        [(sections[c.key], terms[t]) for c in changes for t in c.row["terms"]],
    )


def _apply_users(changes: list[Change]) -> None:
    # Rostered accounts start with no usable password: the school sets one or signs in through its IdP.
    unusable = make_password(None)
    fields = ("username", "first_name", "last_name", "preferred_name", "email", "is_active")
    bulk.insert(
        User,
        ["sourced_id", "password", *fields],
        ([c.key, unusable, *(c.row[f] for f in fields)] for c in changes if c.action == "create"),
    )
    _write(User, [c for c in changes if c.action != "create"], lambda r: {f: r[f] for f in fields})


def _apply_learners(changes: list[Change]) -> None:
    users = _ids(User, (c.key for c in changes))
    schools = _ids(School, (c.row["school"] for c in changes))
    existing = _learner_ids(users.values())
    creates, updates = [], []
    for c in changes:
        user_id, row = users[c.key], c.row
        values = (schools[row["school"]], row["grade"], row["birth_date"])
        if user_id in existing:
            updates.append((*values, existing[user_id]))
        else:
            creates.append((user_id, *values))
    bulk.insert(Learner, ["user_id", "school_id", "grade", "birth_date"], creates)
    bulk.update(Learner, ["school_id", "grade", "birth_date"], updates)
    wanted = set(users.values())
    teamless = Learner.objects.filter(team__isnull=True).order_by("id").values_list("id", "user_id")
    bulk.insert(LearningTeam, ["learner_id"], [(pk,) for pk, user_id in teamless if user_id in wanted])


def _apply_roles(changes: list[Change]) -> None:
    users = _ids(User, (c.row["user"] for c in changes))
    schools = _ids(School, (c.row["school"] for c in changes))
    districts = _ids(District, (c.row["district"] for c in changes))
    _write(
        OrgRole,
        changes,
        lambda r: {
            "user_id": users[r["user"]],
            "role": r["role"],
            "is_primary": r["is_primary"],
            "school_id": schools.get(r["school"]),
            "district_id": districts.get(r["district"]),
            "start_date": r["start_date"],
            "end_date": r["end_date"],
        },
    )


def _apply_enrollments(changes: list[Change]) -> None:
    users = _ids(User, (c.row["user"] for c in changes))
    sections = _ids(Section, (c.row["section"] for c in changes))
    _write(
        Enrollment,
        changes,
        lambda r: {
            "user_id": users[r["user"]],
            "section_id": sections[r["section"]],
            "role": r["role"],
            "is_primary": r["is_primary"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
        },
    )


def _pairs(changes: list[Change]) -> tuple[dict[str, int], dict[int, int]]:
    users = _ids(User, (part for c in changes for part in c.key.split("|")))
    return users, _learner_ids(users.values())


def _apply_guardianships(changes: list[Change]) -> None:
    users, learners = _pairs(changes)
    rows = {}
    for c in changes:
        guardian, learner = c.key.split("|")
        rows[(users[guardian], learners[users[learner]])] = c.row
    links = Guardianship.objects.order_by().values_list("guardian_id", "learner_id", "id")
    if len(rows) <= _IN_LIMIT:
        links = links.filter(guardian_id__in={g for g, _ in rows}, learner_id__in={lr for _, lr in rows})
    existing = {(guardian_id, learner_id): pk for guardian_id, learner_id, pk in links}
    creates, updates = [], []
    for (guardian_id, learner_id), row in rows.items():
        values = (row["relationship"], row["start_date"], row["end_date"], Guardianship.Source.ROSTER)
        found = existing.get((guardian_id, learner_id))
        if found is None:
            creates.append((guardian_id, learner_id, *values))
        else:  # an in-app link the roster now also names becomes roster-managed
            updates.append((*values, found))
    fields = ["relationship", "start_date", "end_date", "source"]
    bulk.insert(Guardianship, ["guardian_id", "learner_id", *fields], creates)
    bulk.update(Guardianship, fields, updates)


def _apply_advisors(changes: list[Change]) -> None:
    users, learners = _pairs(changes)
    teams_of = LearningTeam.objects.order_by().values_list("learner_id", "id")
    if len(learners) <= _IN_LIMIT:
        teams_of = teams_of.filter(learner_id__in=learners.values())
    teams = dict(teams_of)
    rows = {}
    for c in changes:
        advisor, learner = c.key.split("|")
        rows[(teams[learners[users[learner]]], users[advisor])] = c.row
    memberships = TeamMembership.objects.filter(
        role=TeamMembership.Role.ADVISOR, source=TeamMembership.Source.ROSTER
    ).values_list("team_id", "user_id", "id")
    if len(rows) <= _IN_LIMIT:
        memberships = memberships.filter(team_id__in={t for t, _ in rows})
    existing = {(team_id, user_id): pk for team_id, user_id, pk in memberships}
    creates, updates = [], []
    for (team_id, user_id), row in rows.items():
        found = existing.get((team_id, user_id))
        if found is None:
            creates.append((team_id, user_id, row["start_date"], row["end_date"]))
        else:
            updates.append((row["start_date"], row["end_date"], found))
    bulk.insert(
        TeamMembership,
        ["team_id", "user_id", "start_date", "end_date", "role", "source"],
        [(*values, TeamMembership.Role.ADVISOR, TeamMembership.Source.ROSTER) for values in creates],
    )
    bulk.update(TeamMembership, ["start_date", "end_date"], updates)


_APPLIERS: dict[str, Callable[[list[Change]], None]] = {
    "district": _apply_districts,
    "school": _apply_schools,
    "term": _apply_terms,
    "course": _apply_courses,
    "section": _apply_sections,
    "user": _apply_users,
    "learner": _apply_learners,
    "role": _apply_roles,
    "enrollment": _apply_enrollments,
    "guardianship": _apply_guardianships,
    "advisor": _apply_advisors,
}
