"""Framework authoring pages (PRODUCT.md C1, ADR 0010): the list and the tree, adding and editing
competencies, adding links (a loop refused on the page, naming it) and removing them, the mastery rules
(mastery recomputed, the count said), and what others see on their next request."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.apps.evidence.models import MasteryState
from trellis.apps.evidence.services import rebuild_mastery, record_evidence
from trellis.apps.frameworks.models import Competency, CompetencyEdge, Framework
from trellis.apps.frameworks.services import add_competency, add_edge, create_framework, four_level_scale
from trellis.apps.rosters.models import District, Enrollment, Learner, OrgRole, School, Section
from trellis.lib import clock

pytestmark = pytest.mark.django_db
User = get_user_model()
BACKEND = "trellis.apps.accounts.backends.TrellisBackend"
UNKNOWN = "0b5e3c9a-8d7f-4e21-9a6b-3c2d1e0f9a8b"  # no competency has this id


@dataclass
class Math:
    framework: Framework
    shared: Framework
    other_district: Framework
    codes: dict[str, Competency]
    school: School
    admin: Any


@pytest.fixture
def math(client: Client) -> Math:
    district = District.objects.create(name="Cedar Valley")
    school = School.objects.create(district=district, name="Birch Middle")
    framework = create_framework(title="Grade 6 Math", scale=four_level_scale(district), district=district)
    cluster = add_competency(
        framework=framework, human_code="6.RP.A", statement="Understand ratio concepts.", kind="grouping"
    )
    codes = {"6.RP.A": cluster}
    for code, statement in (
        ("6.RP.A.1", "Understand the concept of a ratio."),
        ("6.RP.A.2", "Understand the concept of a unit rate."),
        ("6.RP.A.3c", "Find a percent of a quantity as a rate per 100."),
    ):
        codes[code] = add_competency(
            framework=framework,
            human_code=code,
            statement=statement,
            parent=cluster,
            kind="learning_target",
            education_levels="06",
        )
    add_edge(source=codes["6.RP.A.1"], target=codes["6.RP.A.2"], kind="prerequisite_of")
    add_edge(source=codes["6.RP.A.2"], target=codes["6.RP.A.3c"], kind="prerequisite_of")
    shared = create_framework(title="Shared Habits of Learning", scale=four_level_scale(), kind="habits")
    codes["H.1"] = add_competency(framework=shared, human_code="H.1", statement="Perseveres with hard tasks.")
    far = District.objects.create(name="Far Away")
    other = create_framework(title="Far Away Math", scale=four_level_scale(far), district=far)
    codes["F.1"] = add_competency(framework=other, human_code="F.1", statement="Far away statement.")
    admin = User.objects.create_user(username="principal")
    OrgRole.objects.create(user=admin, school=school, role=OrgRole.Role.PRINCIPAL)
    client.force_login(admin, backend=BACKEND)
    return Math(framework, shared, other, codes, school, admin)


def _url(name: str, framework: Framework, **more: Any) -> str:
    return reverse(f"manage:{name}", kwargs={"framework_id": framework.public_id, **more})


def _text(response: Any) -> str:
    """The page's visible text, tags dropped and spaces squeezed (so assertions read like the page)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return html.unescape(text).replace(" ;", ";")


def _fingerprint() -> dict[str, Any]:
    return {
        "competencies": sorted(
            Competency.objects.values_list("pk", "statement", "human_code", "kind", "education_levels")
        ),
        "edges": sorted(CompetencyEdge.objects.values_list("source_id", "target_id", "kind")),
        "rules": sorted(
            Framework.objects.values_list(
                "pk", "calculation_method", "calculation_options", "counts_self_assessment", "revision"
            )
        ),
        "states": sorted(MasteryState.objects.values_list("learner_id", "competency_id", "level", "method")),
    }


# --- reading ----------------------------------------------------------------------------------------


def test_the_list_is_reached_from_home_and_shows_the_schools_frameworks(client: Client, math: Math) -> None:
    home = client.get(reverse("manage:home"))
    assert reverse("manage:frameworks") in home.content.decode()
    page = _text(client.get(reverse("manage:frameworks")))
    assert "Grade 6 Math" in page and "Shared Habits of Learning" in page
    assert "Far Away Math" not in page
    assert "Shared by all districts: read-only, changes by CASE import" in page
    assert "You and the administrators of Cedar Valley" in page


def test_the_framework_page_is_the_tree_depth_first_with_prerequisites_in_words(
    client: Client, math: Math
) -> None:
    response = client.get(_url("framework", math.framework))
    page = _text(response)
    ids = re.findall(r'<li id="c-([0-9a-f-]+)"', response.content.decode())
    by_id = {str(c.public_id): code for code, c in math.codes.items()}
    assert [by_id[i] for i in ids] == ["6.RP.A", "6.RP.A.1", "6.RP.A.2", "6.RP.A.3c"]
    assert "6.RP.A.3c Find a percent of a quantity as a rate per 100. Learning target · Grade 06" in page
    assert "Comes after: 6.RP.A.2 Understand the concept of a unit rate." in page
    assert "Domain or cluster" in page
    # Nested lists: the targets sit in a list inside the cluster's item.
    markup = response.content.decode()
    cluster_item = markup.index(f'id="c-{math.codes["6.RP.A"].public_id}"')
    assert markup.index('<ul class="tree">', cluster_item) < markup.index(
        f'id="c-{math.codes["6.RP.A.1"].public_id}"'
    )
    assert "Add a competency" in page and "Change the mastery rules" in page
    assert "Calculated by Learner model (recommended)" in page


def test_the_pages_read_a_fixed_number_of_queries_however_big_the_framework(
    client: Client, math: Math
) -> None:
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    pages = [_url("framework", math.framework), reverse("manage:frameworks")]
    small = [queries(url) for url in pages]
    parent = math.codes["6.RP.A"]
    for n in range(30):
        made = add_competency(
            framework=math.framework, human_code=f"X.{n}", statement=f"Extra {n}", parent=parent
        )
        add_edge(source=math.codes["6.RP.A.1"], target=made, kind="prerequisite_of")
    assert [queries(url) for url in pages] == small


def test_a_shared_framework_is_read_only_and_says_how_it_changes(client: Client, math: Math) -> None:
    page = _text(client.get(_url("framework", math.shared)))
    assert "Perseveres with hard tasks." in page
    assert (
        "it changes only when a new version is imported from a CASE file (`trellis import-framework`)" in page
    )
    assert "Add a competency" not in page and "Edit" not in page and "Change the mastery rules" not in page
    before = _fingerprint()
    for name, extra in (
        ("competency-new", {}),
        ("competency-edit", {"competency_id": math.codes["H.1"].public_id}),
        ("link-new", {}),
        ("framework-rules", {}),
    ):
        assert client.get(_url(name, math.shared, **extra)).status_code == 404
        assert client.post(_url(name, math.shared, **extra), {"statement": "Changed"}).status_code == 404
    assert client.post(_url("link-remove", math.shared)).status_code == 404
    assert _fingerprint() == before


def test_another_districts_framework_is_not_found(client: Client, math: Math) -> None:
    assert client.get(_url("framework", math.other_district)).status_code == 404
    edit = _url("competency-edit", math.framework, competency_id=math.codes["F.1"].public_id)
    assert client.get(edit).status_code == 404  # a competency of another framework under this one's URL


def test_people_who_run_no_school_are_not_shown_the_pages(client: Client, math: Math) -> None:
    teacher = User.objects.create_user(username="teacher")
    OrgRole.objects.create(user=teacher, school=math.school, role=OrgRole.Role.TEACHER)
    client.force_login(teacher, backend=BACKEND)
    assert client.get(reverse("manage:frameworks")).status_code == 404
    assert client.get(_url("framework", math.framework)).status_code == 404


# --- competencies ------------------------------------------------------------------------------------


def test_a_competency_is_added_under_its_parent(client: Client, math: Math) -> None:
    form = client.get(_url("competency-new", math.framework) + f"?parent={math.codes['6.RP.A'].public_id}")
    assert "selected" in form.content.decode().split(str(math.codes["6.RP.A"].public_id))[1][:20]
    response = client.post(
        _url("competency-new", math.framework),
        {
            "statement": "Use ratio reasoning to convert measurement units.",
            "human_code": "6.RP.A.3d",
            "kind": "learning_target",
            "parent": str(math.codes["6.RP.A"].public_id),
            "education_levels": "06, 07",
            "abbreviated_statement": "",
        },
    )
    created = Competency.objects.get(human_code="6.RP.A.3d")
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{created.public_id}")
    assert created.education_levels == "06,07"
    assert CompetencyEdge.objects.filter(
        source=created, target=math.codes["6.RP.A"], kind="child_of"
    ).exists()
    page = _text(client.get(response["Location"]))
    assert "The competency is added." in page
    assert (
        "6.RP.A.3d Use ratio reasoning to convert measurement units. Learning target · Grades 06, 07" in page
    )


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"statement": "  ", "human_code": "6.RP.A.9"}, "Write the competency's statement."),
        ({"statement": "Again.", "human_code": "6.RP.A.1"}, "The code “6.RP.A.1” is already used"),
        ({"statement": "Again.", "education_levels": "sixth grade!"}, "is not a grade level"),
        ({"statement": "Again.", "parent": UNKNOWN}, "Choose a competency of this framework"),
    ],
)
def test_a_bad_competency_is_refused_on_its_field_and_nothing_changes(
    client: Client, math: Math, sent: dict[str, str], message: str
) -> None:
    before = _fingerprint()
    response = client.post(_url("competency-new", math.framework), {"kind": "standard", **sent})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert "Nothing was saved" in page and 'aria-invalid="true"' in page
    if sent.get("human_code"):
        assert f'value="{sent["human_code"]}"' in page  # what was typed is kept
    assert _fingerprint() == before


def test_a_competency_is_edited_and_a_duplicate_code_refused(client: Client, math: Math) -> None:
    ratio = math.codes["6.RP.A.1"]
    url = _url("competency-edit", math.framework, competency_id=ratio.public_id)
    form = client.get(url).content.decode()
    assert "Understand the concept of a ratio." in form and "Remove this link" in form
    fields = {"statement": "Understand ratios.", "human_code": "6.RP.A.2", "kind": "learning_target"}
    before = _fingerprint()
    refused = client.post(url, fields)
    assert refused.status_code == 200 and "already used in this framework" in refused.content.decode()
    assert _fingerprint() == before
    saved = client.post(url, {**fields, "human_code": "6.RP.A.1", "education_levels": "6"})
    assert saved.status_code == 302
    ratio.refresh_from_db()
    assert (ratio.statement, ratio.education_levels) == ("Understand ratios.", "6")


# --- links -------------------------------------------------------------------------------------------


def _link(math: Math, source: str, kind: str, target: str) -> dict[str, str]:
    return {
        "source": str(math.codes[source].public_id),
        "kind": kind,
        "target": str(math.codes[target].public_id) if target in math.codes else target,
    }


def test_a_loop_is_refused_on_the_page_naming_it_and_the_form_keeps_the_values(
    client: Client, math: Math
) -> None:
    before = _fingerprint()
    response = client.post(
        _url("link-new", math.framework), _link(math, "6.RP.A.3c", "prerequisite_of", "6.RP.A.1")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This link would make a loop: 6.RP.A.3c → 6.RP.A.1 → 6.RP.A.2 → 6.RP.A.3c." in page
    assert f'value="{math.codes["6.RP.A.3c"].public_id}" selected' in page
    assert f'value="{math.codes["6.RP.A.1"].public_id}" selected' in page
    assert 'value="prerequisite_of" selected' in page
    assert _fingerprint() == before


@pytest.mark.parametrize(
    ("source", "kind", "target", "message"),
    [
        ("6.RP.A.1", "prerequisite_of", UNKNOWN, "Choose a competency of this framework"),
        ("6.RP.A.1", "prerequisite_of", "F.1", "Choose a competency of this framework"),
        ("6.RP.A.1", "prerequisite_of", "H.1", "Choose a competency of this framework"),
        ("6.RP.A.1", "related_to", "6.RP.A.1", "A competency cannot be linked to itself."),
        ("6.RP.A.1", "prerequisite_of", "6.RP.A.2", "These two competencies are already linked this way."),
        ("6.RP.A.1", "precedes", "6.RP.A.2", "Choose how the two are linked."),
        ("6.RP.A", "child_of", "6.RP.A.1", "This link would make a loop: 6.RP.A → 6.RP.A.1 → 6.RP.A."),
    ],
)
def test_a_bad_link_is_refused_on_its_field_and_nothing_changes(
    client: Client, math: Math, source: str, kind: str, target: str, message: str
) -> None:
    before = _fingerprint()
    response = client.post(_url("link-new", math.framework), _link(math, source, kind, target))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _fingerprint() == before


def test_a_link_is_added_and_removed(client: Client, math: Math) -> None:
    added = client.post(_url("link-new", math.framework), _link(math, "6.RP.A.1", "related_to", "6.RP.A.3c"))
    assert added.status_code == 302
    edge = CompetencyEdge.objects.get(kind="related_to")
    ratio = math.codes["6.RP.A.1"]
    removed = client.post(
        _url("link-remove", math.framework), {"link": str(edge.public_id), "competency": str(ratio.public_id)}
    )
    assert removed["Location"] == _url("competency-edit", math.framework, competency_id=ratio.public_id)
    assert not CompetencyEdge.objects.filter(kind="related_to").exists()
    again = client.post(_url("link-remove", math.framework), {"link": str(edge.public_id)}, follow=True)
    assert "That link was not found" in again.content.decode()
    # A prerequisite removed from the tree page's competency: "Comes after" goes with it.
    prerequisite = CompetencyEdge.objects.get(source=math.codes["6.RP.A.2"], target=math.codes["6.RP.A.3c"])
    client.post(_url("link-remove", math.framework), {"link": str(prerequisite.public_id)})
    assert "Comes after: 6.RP.A.2" not in _text(client.get(_url("framework", math.framework)))


def test_a_post_without_the_csrf_token_is_refused(math: Math) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(math.admin, backend=BACKEND)
    before = _fingerprint()
    response = strict.post(_url("competency-new", math.framework), {"statement": "Sneaky."})
    assert response.status_code == 403
    assert _fingerprint() == before


# --- mastery rules -----------------------------------------------------------------------------------


@pytest.fixture
def evidence(math: Math) -> Learner:
    learner = Learner.objects.create(user=User.objects.create_user(username="kid"), school=math.school)
    with clock.frozen_at(clock.now() - dt.timedelta(days=2)):
        record_evidence(learner=learner, competency=math.codes["6.RP.A.1"], source="self", level=4)
        for level in (3, 4, 2):
            record_evidence(learner=learner, competency=math.codes["6.RP.A.2"], source="rubric", level=level)
    return learner


def test_changing_the_rules_recomputes_mastery_and_says_how_many_changed(
    client: Client, math: Math, evidence: Learner
) -> None:
    url = _url("framework-rules", math.framework)
    form = client.get(url).content.decode()
    assert 'value="learner_model"' in form and "checked" in form and 'value="0.65"' in form
    response = client.post(
        url, {"calculation_method": "highest", "counts_self_assessment": "on"}, follow=True
    )
    page = _text(response)
    assert (
        "Mastery was recomputed from the evidence and changed for 1 learner (2 competency states): "
        "2 newly mastered, 0 no longer mastered." in page
    )
    states = {m.competency.human_code: m for m in MasteryState.objects.select_related("competency")}
    assert (states["6.RP.A.1"].level, states["6.RP.A.2"].level) == (4.0, 4.0)
    assert {m.method for m in states.values()} == {"highest"}
    assert "Calculated by Highest" in page and "counts toward mastery" in page
    assert rebuild_mastery(check=True).differences == []


def test_bad_rules_are_refused_on_their_field_and_nothing_changes(
    client: Client, math: Math, evidence: Learner
) -> None:
    before = _fingerprint()
    url = _url("framework-rules", math.framework)
    for sent, message in (
        ({}, "Choose how mastery is calculated."),
        ({"calculation_method": "decaying_average", "decay": "0"}, "a number above 0 and at most 1"),
        ({"calculation_method": "decaying_average", "decay": "lots"}, "Enter a number."),
        ({"calculation_method": "n_times", "n": "40"}, "a whole number from 1 to 20"),
    ):
        response = client.post(url, {**sent, "counts_self_assessment": "on"})
        assert response.status_code == 200 and message in response.content.decode(), sent
    assert _fingerprint() == before


# --- what everyone else sees next --------------------------------------------------------------------


def test_an_edited_statement_is_on_the_learners_continuum_and_the_teachers_heatmap(
    client: Client, math: Math, evidence: Learner
) -> None:
    teacher = User.objects.create_user(username="teacher")
    section = Section.objects.create(school=math.school, title="Math 6")
    Enrollment.objects.create(section=section, user=teacher, role=Enrollment.Role.TEACHER)
    Enrollment.objects.create(section=section, user=evidence.user, role=Enrollment.Role.LEARNER)
    learner_client, teacher_client = Client(), Client()
    learner_client.force_login(evidence.user, backend=BACKEND)
    teacher_client.force_login(teacher, backend=BACKEND)
    continuum = reverse("records:continuum", kwargs={"learner_id": evidence.public_id})
    heatmap = reverse("teach:mastery", kwargs={"section_id": section.public_id})
    old = "Understand the concept of a unit rate."
    # Both pages have read (and kept) the framework's graph before the edit.
    assert old in learner_client.get(continuum).content.decode()
    assert old in teacher_client.get(heatmap).content.decode()

    rate = math.codes["6.RP.A.2"]
    client.post(
        _url("competency-edit", math.framework, competency_id=rate.public_id),
        {
            "statement": "Explain what a unit rate tells you.",
            "human_code": "6.RP.A.2",
            "kind": "learning_target",
        },
    )
    for page in (learner_client.get(continuum), teacher_client.get(heatmap)):
        assert "Explain what a unit rate tells you." in page.content.decode()
        assert old not in page.content.decode()
