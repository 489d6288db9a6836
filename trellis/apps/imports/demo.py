"""The demo school: a generated district that flows through the real OneRoster importer.

Runs only in demo mode (TRELLIS_DEMO=1), because it gives a handful of accounts a published password.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from trellis.apps.accounts.services import create_account, make_demo_account
from trellis.apps.evidence.models import Evidence
from trellis.apps.evidence.services import EvidenceInput, record_many
from trellis.apps.frameworks.models import Competency
from trellis.apps.growth.demo import load_demo_growth
from trellis.apps.learning.demo_content import load_demo_content
from trellis.apps.pathways.demo import load_demo_pathways
from trellis.apps.rosters.models import District, Guardianship, Learner, RecordPart, TeamMembership
from trellis.apps.rosters.services import add_team_member, set_guardianship_restriction
from trellis.interop.oneroster import write_bundle
from trellis.lib import clock

from .demo_frameworks import habits_package, math_package
from .framework import import_framework
from .roster import ProgressCallback
from .services import import_roster
from .synthetic import DEMO_PASSWORD, generate_district, school_year_of

User = get_user_model()
DEMO_LEARNERS = 150
DEMO_SEED = 2026


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    who: str


def demo_sign_ins() -> list[SignIn]:
    """The fixed demo sign-ins, in the order the README lists them."""
    return [
        SignIn("Learner", "learner", "a 7th grader at Cedar Middle School"),
        SignIn("Guardian", "guardian", "the learner's parent (and of a 4th-grade sibling)"),
        SignIn(
            "Restricted guardian", "restricted.guardian", "a guardian whose link is restricted: sees nothing"
        ),
        SignIn("Advisor", "advisor", "leads the learner's advisory"),
        SignIn("Teacher", "teacher", "teaches the learner's math section"),
        SignIn("Mentor", "mentor", "a community mentor granted part of the learner's record"),
        SignIn("School admin", "schooladmin", "principal of Cedar Middle School"),
        SignIn("District admin", "districtadmin", "administers the whole district"),
    ]


class DemoModeOff(RuntimeError):
    pass


def load_demo(*, directory: Path | None = None, progress: ProgressCallback | None = None) -> list[str]:
    """Generate, write and import the demo roster, then add what a roster can't say (a mentor grant, a
    restricted guardianship) and set the demo passwords. Safe to run again: nothing is duplicated.
    Returns the importer's summary lines."""
    if not settings.DEMO_MODE:
        raise DemoModeOff(
            "The demo school loads only in demo mode: set TRELLIS_DEMO=1 (never in production)."
        )
    today = clock.today()
    bundle, personas = generate_district(
        learners=DEMO_LEARNERS,
        seed=DEMO_SEED,
        today=today,
        learners_per_school=DEMO_LEARNERS // 2,
        with_personas=True,
    )
    directory = directory or Path(settings.DATA_DIR) / "demo-roster"
    directory.mkdir(parents=True, exist_ok=True)
    write_bundle(bundle, directory)
    result = import_roster(directory, progress=progress)
    if not result.ok:
        raise RuntimeError("The demo roster did not import:\n" + "\n".join(result.errors))
    _finish_demo(personas.usernames, today)
    district = District.objects.get(sourced_id=bundle.orgs[0].sourced_id)
    lines = []
    loaded_frameworks = []
    for package, is_habits in ((math_package(), False), (habits_package(), True)):
        loaded = import_framework(package, habits=is_habits, district=district)
        if not loaded.ok or loaded.framework is None:
            raise RuntimeError("A demo framework did not import:\n" + "\n".join(loaded.errors))
        assert loaded.plan is not None
        lines += loaded.plan.summary_lines()
        loaded_frameworks.append(loaded.framework)
    content = load_demo_content(*loaded_frameworks)
    lines.append(f"activities: {content}")
    lines.append(f"evidence: {_demo_evidence(today)} new")
    lines.append(f"pathways: {', '.join(load_demo_pathways()) or 'nothing new'}")
    lines.append(f"learning team: {', '.join(load_demo_growth()) or 'nothing new'}")
    assert result.plan is not None
    return [f"{kind}: {counts}" for kind, counts in result.plan.summary().items()] + lines


def _demo_evidence(today: dt.date) -> int:
    """A term of seeded evidence for the middle school, so continua, heatmaps and growth have something to
    show: each learner works up the prerequisite order, faster or slower, with some wobble."""
    if Evidence.objects.exists():
        return 0
    rng = random.Random(DEMO_SEED)
    competencies = list(
        Competency.objects.filter(framework__kind="academic")
        .exclude(kind=Competency.Kind.GROUPING)
        .order_by("sequence")
    )
    habits = list(Competency.objects.filter(framework__kind="habits", kind=Competency.Kind.HABIT))
    teacher = User.objects.get(username="teacher")
    end = dt.datetime.combine(today, dt.time(15, 0), tzinfo=dt.UTC)
    rows: list[EvidenceInput] = []
    for learner in Learner.objects.filter(grade__in=("06", "07", "08")).select_related("user", "school"):
        pace = rng.uniform(0.3, 1.0)
        reachable = [c for c in competencies if (c.education_levels or "99") <= learner.grade]
        for competency in reachable[: max(2, int(len(reachable) * pace))]:
            skill = rng.uniform(1.0, 2.6)
            for n in range(rng.randint(2, 5)):
                skill = min(4.0, skill + rng.uniform(0.1, 0.9))
                rows.append(
                    EvidenceInput(
                        learner=learner,
                        competency=competency,
                        source=rng.choice(["rubric", "practice", "observation"]),
                        level=float(min(4, max(1, round(skill + rng.uniform(-0.6, 0.4))))),
                        observed_at=end - dt.timedelta(days=80 - n * 12 - rng.randint(0, 10)),
                        assessor=teacher if learner.user.username == "learner" else None,
                    )
                )
        for competency in rng.sample(habits, k=min(4, len(habits))):
            rows.append(
                EvidenceInput(
                    learner=learner,
                    competency=competency,
                    source="observation",
                    level=float(rng.randint(2, 4)),
                    observed_at=end - dt.timedelta(days=rng.randint(1, 60)),
                )
            )
    return len(record_many(rows))


@transaction.atomic
def _finish_demo(usernames: dict[str, str], today: dt.date) -> None:
    learner = Learner.objects.get(user__username=usernames["learner"])
    mentor = User.objects.filter(username="mentor").first()
    if mentor is None:
        mentor = create_account(
            username="mentor",
            first_name="Rosa",
            last_name="Quispe",
            email="mentor@example.invalid",
            is_demo=True,
        )
    if not TeamMembership.objects.filter(team__learner=learner, user=mentor).exists():
        add_team_member(
            actor=None,
            learner=learner,
            username="mentor",
            role=TeamMembership.Role.MENTOR,
            start_date=today,
            end_date=school_year_of(today)[1],
            granted_parts=[RecordPart.IDENTITY, RecordPart.TEAM, RecordPart.GOALS, RecordPart.PROJECTS],
            note="Robotics club mentor (demo)",
        )
    link = Guardianship.objects.get(learner=learner, guardian__username=usernames["restricted_guardian"])
    if not link.restricted:
        set_guardianship_restriction(
            actor=None, guardianship=link, restricted=True, note="Court order on file (demo data)"
        )
    for sign_in in demo_sign_ins():
        user = User.objects.get(username=sign_in.username)
        if not user.is_demo or not user.check_password(DEMO_PASSWORD):
            make_demo_account(user=user, password=DEMO_PASSWORD)
