"""The demo school's learning team, added after its roster, frameworks and evidence: the demo learner's
profile (written by the learner, the advisor and the guardian), two goals (one agreed and under way, one
draft with changes asked for), a week of journal entries with the advisor's and the guardian's feedback,
team notes and a message thread — and a few entries from the advisor's other advisees, so the advisory
board has someone planned, someone awaiting feedback and someone quiet.

Everything goes through the services, at the times it would have happened (the clock is set to each
moment), with the emails the notifications would send held back (they would all go out at load time).
Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from trellis.apps.evidence.models import MasteryState
from trellis.apps.frameworks.models import Competency
from trellis.apps.rosters import access as rosters_access
from trellis.apps.rosters.models import Learner
from trellis.lib import clock

from . import notifications, services
from .models import JournalEntry, LearnerProfile

User = get_user_model()


def _school_days_before(today: dt.date, count: int) -> list[dt.date]:
    """The `count` weekdays before today, oldest first."""
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return list(reversed(days))


def _at(day: dt.date, hour: int, minute: int = 0) -> Any:
    return clock.frozen_at(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC))


def _profile(learner: Learner, advisor: Any, guardian: Any, day: dt.date) -> None:
    with _at(day, 9):
        services.update_profile(
            learner=learner,
            changed_by=learner.user,
            changes={
                "about_me": "I like building things and figuring out how they work. "
                "I'm in robotics club and I play soccer on weekends.",
                "interests": ["robotics", "soccer", "drawing", "cooking"],
                "working_styles": ["hands_on", "partner", "movement"],
                "what_helps_me": "Seeing an example first. A short break when I get stuck. Working with a "
                "partner I trust.",
            },
            allowed_fields=services.LEARNER_FIELDS,
        )
    with _at(day, 16):
        services.update_profile(
            learner=learner,
            changed_by=advisor,
            changes={
                "strengths": "Persistent with hard problems; explains ideas clearly to classmates; great at "
                "hands-on design.",
                "challenges": "Starting long writing tasks; keeping track of deadlines across classes.",
                "accommodations": "Extended time (1.5x) on timed tests; "
                "preferential seating away from the door (504 plan on file).",
            },
            allowed_fields=services.TEAM_FIELDS + services.STAFF_FIELDS,
        )
    with _at(day, 19):
        services.update_profile(
            learner=learner,
            changed_by=guardian,
            changes={
                "strategies": "A checklist on the fridge for the week's assignments. "
                "Talking through a problem out loud before writing.",
                "languages": "English and Spanish (Spanish at home)",
            },
            allowed_fields=services.TEAM_FIELDS,
        )
        services.comment_on_profile(
            learner=learner,
            author=guardian,
            body=f"{learner.user.first_name} also loves to cook on Sundays and doubles recipes without help.",
        )


def _competencies(learner: Learner) -> tuple[Competency | None, Competency | None]:
    """An academic competency the learner is working on, and a habit, for the goals to link."""
    working = (
        MasteryState.objects.filter(learner=learner, mastered=False, competency__framework__kind="academic")
        .select_related("competency")
        .order_by("-level", "competency_id")
        .first()
    )
    habit = (
        Competency.objects.filter(
            framework__district_id=learner.school.district_id, kind=Competency.Kind.HABIT
        )
        .order_by("sequence", "pk")
        .first()
    )
    return (working.competency if working else None), habit


def _goals(learner: Learner, advisor: Any, guardian: Any, days: list[dt.date]) -> Any:
    academic, habit = _competencies(learner)
    with _at(days[0], 7, 45):
        agreed = services.draft_goal(
            learner=learner,
            drafted_by=learner.user,
            title="Explain ratios using a recipe I cook at home",
            why="I cook with my family and want to double recipes without mistakes.",
            how_i_will_know="I can scale a recipe for 6 people and explain each step to my advisor.",
            due_on=days[-1] + dt.timedelta(days=30),
            competencies=[c for c in (academic, habit) if c is not None],
            steps=[
                "Watch the ratio tables video",
                "Do the ratios practice set",
                "Double a real recipe at home",
                "Explain it at my exhibition",
            ],
        )
    with _at(days[0], 8, 5):
        services.agree_goal(
            goal=agreed,
            agreed_by=advisor,
            note="Love that this connects to home. Let's check in each Friday.",
        )
    with _at(days[1], 8, 30):
        services.start_goal(goal=agreed, started_by=learner.user)
    with _at(days[1], 15):
        services.set_step_done(goal=agreed, position=1, done=True)
    with _at(days[2], 20):
        services.comment_on_goal(
            goal=agreed, author=guardian, body="¡Qué buena meta! We can cook the recipe together on Sunday."
        )
    with _at(days[3], 14):
        services.set_step_done(goal=agreed, position=2, done=True)
    with _at(days[3], 11):
        draft = services.draft_goal(
            learner=learner,
            drafted_by=learner.user,
            title="Start writing assignments the day they are given",
            why="I leave writing to the last night and it stresses me out.",
            steps=["Write the first sentence in class", "Use my checklist"],
        )
    with _at(days[3], 16):
        services.request_goal_changes(
            goal=draft,
            requested_by=advisor,
            note="Great idea. How will you know it's working? "
            "Add something you can count, like days in a row.",
        )
    return agreed


REFLECTIONS = [
    (
        "Finished the ratio tables video and took notes.",
        "It was hard to focus in the afternoon because the hallway was noisy.",
        "Start the practice set tomorrow morning.",
        3,
        2,
    ),
    (
        "Got 8 of 10 on the practice set; partner work helped.",
        "My phone kept distracting me during independent work.",
        "Leave my phone in my bag during work time.",
        4,
        3,
    ),
    (
        "Robotics: our arm picked up the cube!",
        "The noisy hallway again during silent reading.",
        "Ask to read in the library.",
        5,
        4,
    ),
    (
        "Doubled the pancake recipe on paper for practice.",
        "Forgot my checklist, so I missed the science worksheet.",
        "Put the checklist in my binder.",
        3,
        3,
    ),
]


def _journal(
    learner: Learner, advisor: Any, guardian: Any, days: list[dt.date], goal: Any, today: dt.date
) -> None:
    for n, (day, (worked, didnt, next_steps, mood, energy)) in enumerate(
        zip(days, REFLECTIONS, strict=False)
    ):
        with _at(day, 8, 15):
            services.plan_day(
                learner=learner,
                items=[
                    services.PlanItemInput(goal=goal),
                    services.PlanItemInput(
                        text=["Finish science lab notes", "Read 20 minutes", "Robotics club"][n % 3]
                    ),
                ],
                day=day,
            )
        with _at(day, 15, 10):
            services.reflect_on_day(
                learner=learner,
                what_worked=worked,
                what_didnt=didnt,
                next_steps=next_steps,
                mood=mood,
                energy=energy,
                done_positions=[1],
                share_with_guardians=n in (1, 2),
                day=day,
            )
        entry = JournalEntry.objects.get(learner=learner, day=day)
        if n < 3:
            with _at(day, 16, 30):
                services.comment_on_entry(
                    entry=entry,
                    author=advisor,
                    body=[
                        "Good notes! Try the first five problems before lunch tomorrow.",
                        "Great plan for the phone. Want to try the quiet table too?",
                        "Congratulations to the robotics team! I'll ask about the library for reading.",
                    ][n],
                )
        if n == 1:
            with _at(day, 20):
                services.comment_on_entry(
                    entry=entry,
                    author=guardian,
                    body="¡Qué orgullo! En casa también guardamos el teléfono a la hora de la tarea.",
                )
            with _at(day + dt.timedelta(days=1), 7, 45):
                services.comment_on_entry(entry=entry, author=learner.user, body="¡Gracias! ❤️")
    with _at(today, 8, 20):
        services.plan_day(
            learner=learner,
            items=[
                services.PlanItemInput(goal=goal),
                services.PlanItemInput(text="Double a real recipe at home"),
            ],
            day=today,
        )


def _team(learner: Learner, advisor: Any, guardian: Any, days: list[dt.date]) -> None:
    first = learner.user.first_name
    with _at(days[0], 17):
        services.post_to_team(
            learner=learner,
            author=advisor,
            kind="note",
            body=f"Exhibition of learning is in six weeks; {first} will present the ratios project.",
        )
        services.post_to_team(
            learner=learner,
            author=advisor,
            kind="note",
            body="504 review meeting next month: invite the math teacher.",
            staff_only=True,
        )
    with _at(days[1], 19):
        services.post_to_team(
            learner=learner,
            author=guardian,
            kind="message",
            body=f"{first} has a dentist appointment on Thursday at 2pm and will miss robotics.",
        )
    with _at(days[2], 8):
        services.post_to_team(
            learner=learner,
            author=advisor,
            kind="message",
            body=f"Thanks for letting us know. {first}, can you tell your robotics partner?",
        )
    with _at(days[2], 12):
        services.post_to_team(
            learner=learner, author=learner.user, kind="message", body="I told Sam. Thanks!"
        )


def _other_advisees(advisor: Any, learner: Learner, days: list[dt.date], today: dt.date) -> None:
    """A few classmates in the same advisory: one planned today, one reflected yesterday and waiting for
    feedback, one who wrote a week ago and has gone quiet."""
    others = list(
        rosters_access.learners_related_to(advisor, rosters_access.ADVISOR_OF)
        .exclude(pk=learner.pk)
        .order_by("pk")[:3]
    )
    for n, other in enumerate(others):
        if n == 0:
            with _at(today, 8, 10):
                services.plan_day(
                    learner=other, items=[services.PlanItemInput(text="Finish my poster draft")], day=today
                )
        elif n == 1:
            with _at(days[-1], 15, 5):
                services.reflect_on_day(
                    learner=other,
                    what_worked="Presented our group slides.",
                    what_didnt="Our group didn't split the work evenly.",
                    next_steps="Make a task list with the group.",
                    day=days[-1],
                )
        else:
            with _at(days[0], 15, 0):
                services.reflect_on_day(
                    learner=other,
                    what_worked="Started the novel.",
                    what_didnt="",
                    next_steps="Read two chapters.",
                    day=days[0],
                )


@transaction.atomic
def load_demo_growth() -> list[str]:
    """Seed the demo learning team (see the module's docstring); returns what was added, for the summary."""
    learner = Learner.objects.select_related("school", "user").get(user__username="learner")
    if LearnerProfile.objects.filter(learner=learner).exists():
        return []
    advisor = User.objects.get(username="advisor")
    guardian = User.objects.get(username="guardian")
    today = clock.today()
    days = _school_days_before(today, len(REFLECTIONS))
    with notifications.emails_held():
        _profile(learner, advisor, guardian, days[0])
        goal = _goals(learner, advisor, guardian, days)
        _journal(learner, advisor, guardian, days, goal, today)
        _team(learner, advisor, guardian, days)
        _other_advisees(advisor, learner, days, today)
    return ["profile", "2 goals", f"{len(days) + 1} journal days", "team notes and messages"]
