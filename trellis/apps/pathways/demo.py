"""The demo school's pathways, added after its roster, frameworks, activities and evidence: a plan with
target dates for the demo learner (agreed with their advisor), a priority, an assignment to a small group
and narrowed ways to show a competency in the learner's math section, and a few classmates' choices — so
"My path", the section's "Pathways" and "What's next" have something to show right after `trellis demo`.

Everything goes through the services, chosen from what the learner model suggests for the generated
evidence (not from fixed codes), and running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from trellis.apps.rosters.models import Enrollment, Learner, Section
from trellis.apps.rosters.selectors import learners_of_section
from trellis.lib import clock
from trellis.lib.models import current_on

from . import selectors, services
from .models import Assignment, Choice, PlanTarget, Steer, Way

User = get_user_model()
CLASSMATES_CHOOSING = 4


def _math_section(learner: Learner, teacher: Any) -> Section | None:
    today = clock.today()
    taught = Enrollment.objects.filter(current_on(today), user=teacher, role=Enrollment.Role.TEACHER).values(
        "section_id"
    )
    return (
        Section.objects.filter(
            pk__in=taught,
            enrollments__user=learner.user,
            enrollments__role=Enrollment.Role.LEARNER,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def load_demo_pathways() -> list[str]:
    """Seed the demo pathways (see the module's docstring); returns what was added, for the summary."""
    learner = Learner.objects.select_related("school", "user").get(user__username="learner")
    teacher = User.objects.get(username="teacher")
    advisor = User.objects.get(username="advisor")
    section = _math_section(learner, teacher)
    today = clock.today()
    added: list[str] = []

    path = selectors.learner_path(learner, limit=8)
    if not PlanTarget.objects.filter(plan__learner=learner).exists():
        # Two targets of this year, with earlier dates agreed at the advisory conference.
        open_targets = [t for t in path.targets if not t.mastered][:2]
        for target, weeks in zip(open_targets, (5, 11), strict=False):
            services.set_target(
                learner=learner,
                competency=target.competency,
                target_date=today + dt.timedelta(weeks=weeks),
                set_by=advisor,
                note="Agreed at the advisory conference",
            )
            added.append(f"target {target.competency.human_code}")
    if section is None:
        return added

    learners = list(learners_of_section(section, team=False).select_related("school").order_by("pk"))
    if not Steer.objects.filter(section=section).exists():
        # Prioritize a ready competency that is not already the learner's first suggestion.
        first = path.steps[0].competency if path.steps else None
        ready = [c for c in path.fringe if c != first and path.context.catalog.for_competency(c.pk)]
        if ready:
            services.steer(section=section, competency=ready[0], kind=Steer.Kind.PRIORITY, by=teacher)
            services.set_demonstration_ways(
                section=section,
                competency=ready[0],
                ways=[Way.PRACTICE_SET, Way.PERFORMANCE_TASK, Way.PRESENTATION],
                by=teacher,
            )
            added.append(f"priority {ready[0].human_code}")
    if not Assignment.objects.filter(section=section).exists():
        # A small group ready for the same competency gets an activity on it, the learner among them.
        found = selectors.section_pathways(section, learners)
        group = next(
            (
                (competency, members)
                for g, competency, members in found.groups
                if g.kind == "ready" and learner in members
            ),
            None,
        )
        if group is not None:
            competency, members = group
            activity = next(
                (a for a in found.activities if competency in a.competencies.all()),
                None,
            )
            if activity is not None:
                services.assign(
                    section=section,
                    activity=activity,
                    learners=members,
                    by=teacher,
                    due_date=today + dt.timedelta(days=7),
                    note="Small-group work on Thursday",
                )
                added.append(f"assignment {activity.title} to {len(members)} learners")
    if not Choice.objects.filter(learner__in=learners).exclude(learner=learner).exists():
        for classmate in [c for c in learners if c != learner][:CLASSMATES_CHOOSING]:
            options = selectors.learner_path(classmate).steps
            if options:
                services.choose_step(learner=classmate, activity_id=options[0].activity.public_id)
                added.append(f"choice by {classmate.user.username}")
    return added
