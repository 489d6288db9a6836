"""Organizations, people's places in them, and the relationships that decide who may see which learner.

Every relationship has a validity window; access ends when it ends (see access.py, the only reader of these
rows for authorization).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.lib.models import PublicIdModel, ValidityWindow

USER = settings.AUTH_USER_MODEL


class District(PublicIdModel):
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255)
    identifier = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.name


class School(PublicIdModel):
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=255)
    identifier = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Term(PublicIdModel):
    """An academic session (OneRoster academicSessions): school year, semester, term or grading period."""

    class Kind(models.TextChoices):
        SCHOOL_YEAR = "schoolYear", _("School year")
        SEMESTER = "semester", _("Semester")
        TERM = "term", _("Term")
        GRADING_PERIOD = "gradingPeriod", _("Grading period")

    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    school_year = models.CharField(max_length=9)

    class Meta:
        ordering = ["start_date", "title"]

    def __str__(self) -> str:
        return self.title


class Course(PublicIdModel):
    """A course; offered by a school, or district-wide when `school` is empty."""

    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="courses")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="courses"
    )
    title = models.CharField(max_length=255)
    code = models.CharField(max_length=255, blank=True)
    grades = models.CharField(max_length=255, blank=True)
    subjects = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.title


class Section(PublicIdModel):
    """A class taught in a term. A homeroom section is an advisory: its teacher advises its learners."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Class")
        HOMEROOM = "homeroom", _("Advisory")

    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="sections")
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="sections"
    )
    title = models.CharField(max_length=255)
    code = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SCHEDULED)
    location = models.CharField(max_length=255, blank=True)
    grades = models.CharField(max_length=255, blank=True)
    terms = models.ManyToManyField(Term, related_name="sections", blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Learner(PublicIdModel):
    """A learner's record: the anchor of everything the school knows about one student."""

    user = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="learner")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="learners")
    grade = models.CharField(max_length=8, blank=True)
    birth_date = models.DateField(null=True, blank=True)

    personal_data = ("grade", "birth_date")

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def grade_label(self) -> str:
        """The grade as people say it: "07" reads "7"; "KG" and other codes stay as they are."""
        return self.grade.lstrip("0") or self.grade if self.grade.isdigit() else self.grade


class OrgRole(ValidityWindow):
    """A person's role at a school or district (OneRoster roles): teacher, administrator, and so on."""

    class Role(models.TextChoices):
        """The OneRoster 1.2 role vocabulary, kept as the roster says it."""

        ADMINISTRATOR = "administrator", _("Administrator")
        AIDE = "aide", _("Aide")
        GUARDIAN = "guardian", _("Guardian")
        PARENT = "parent", _("Parent")
        RELATIVE = "relative", _("Relative")
        STUDENT = "student", _("Learner")
        TEACHER = "teacher", _("Teacher")
        PROCTOR = "proctor", _("Proctor")
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Member")
        PRINCIPAL = "principal", _("Principal")
        SITE_ADMINISTRATOR = "siteAdministrator", _("Site administrator")
        COUNSELOR = "counselor", _("Counselor")
        DISTRICT_ADMINISTRATOR = "districtAdministrator", _("District administrator")
        SYSTEM_ADMINISTRATOR = "systemAdministrator", _("System administrator")

    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="org_roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_primary = models.BooleanField(default=True)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="roles")
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="org_role_has_exactly_one_org",
                condition=(models.Q(school__isnull=False, district__isnull=True))
                | (models.Q(school__isnull=True, district__isnull=False)),
            )
        ]


class Enrollment(PublicIdModel, ValidityWindow):
    class Role(models.TextChoices):
        LEARNER = "student", _("Learner")
        TEACHER = "teacher", _("Teacher")
        AIDE = "aide", _("Aide")
        ADMINISTRATOR = "administrator", _("Administrator")
        PROCTOR = "proctor", _("Proctor")

    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=16, choices=Role.choices)
    is_primary = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["user", "role"]),
            models.Index(fields=["section", "role"]),
        ]


class Guardianship(PublicIdModel, ValidityWindow):
    """A guardian's link to a learner. A restricted link (e.g. by court order) grants nothing."""

    class Relationship(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Guardian")
        RELATIVE = "relative", _("Relative")
        ADVOCATE = "advocate", _("Adult advocate")

    class Source(models.TextChoices):
        ROSTER = "roster", _("Roster")
        APP = "app", _("Entered in Trellis")

    guardian = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="guardianships")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="guardianships")
    relationship = models.CharField(
        max_length=16, choices=Relationship.choices, default=Relationship.GUARDIAN
    )
    restricted = models.BooleanField(default=False)
    restriction_note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.APP)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guardian", "learner"], name="one_guardianship_per_pair")
        ]


class LearningTeam(PublicIdModel):
    """One record per learner naming the adults around them (guardians come from Guardianship)."""

    learner = models.OneToOneField(Learner, on_delete=models.CASCADE, related_name="team")


class RecordPart(models.TextChoices):
    """The parts of a learner's record that access is granted by. Mentors get only the parts listed on their
    grant; health and special-education parts are never grantable to mentors."""

    IDENTITY = "identity", _("Name, grade and school")
    TEAM = "team", _("Learning team")
    SECTIONS = "sections", _("Classes")
    PROFILE = "profile", _("Learner profile")
    GOALS = "goals", _("Goals")
    PROJECTS = "projects", _("Projects")
    JOURNAL = "journal", _("Daily journal")
    EVIDENCE = "evidence", _("Evidence and mastery")
    ACCOMMODATIONS = "accommodations", _("Accommodations")
    HEALTH = "health", _("Health")
    SPECIAL_EDUCATION = "special_education", _("Special education")


MENTOR_GRANTABLE_PARTS = frozenset(
    {RecordPart.IDENTITY, RecordPart.TEAM, RecordPart.PROFILE, RecordPart.GOALS, RecordPart.PROJECTS}
)


class TeamMembership(PublicIdModel, ValidityWindow):
    """An adult on a learner's team. For mentors and other adults this is a grant: time-boxed, and limited to
    `granted_parts`."""

    class Role(models.TextChoices):
        ADVISOR = "advisor", _("Advisor")
        MENTOR = "mentor", _("Mentor")
        OTHER_ADULT = "other_adult", _("Other adult")

    class Source(models.TextChoices):
        ROSTER = "roster", _("Roster")
        APP = "app", _("Entered in Trellis")

    team = models.ForeignKey(LearningTeam, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    granted_parts = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.APP)
    granted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["user", "role"])]

    @property
    def granted_part_labels(self) -> list[str]:
        return [str(RecordPart(part).label) for part in self.granted_parts if part in RecordPart.values]
