"""The authoring part of the access-matrix world: the frameworks an administrator's pages name.

District 1's framework ("Linked Math", world.py) is authored by the school and district administrators of
district 1; district 2's ("Other Math") by nobody in the matrix's actors; a *shared* framework (no district,
a habits framework so that it sorts after every academic one on the pages that pick the first) is read by
every administrator and authored by none. Each framework's own competency is what its rows show. Built on
first use (`authoring_of`), so the whole matrix and the authoring tests share one world whichever runs first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trellis.apps.frameworks.services import add_competency, create_framework, four_level_scale

if TYPE_CHECKING:
    from .world import World

# The target kind the authoring rows add to the matrix, and its targets.
AUTHORING_TARGETS: dict[str, tuple[str, ...]] = {"authoring": ("linked", "other_district", "shared")}
SHARED_TITLE = "Shared Habits Framework"
SHARED_STATEMENT = "Shared habit statement"


def authoring_of(w: World) -> dict[str, Any]:
    """{target: competency} for every authoring target; the shared framework is built the first time."""
    if "authoring" not in w.learning:
        shared = create_framework(title=SHARED_TITLE, scale=four_level_scale(), kind="habits")
        w.learning["authoring"] = {
            "linked": w.competencies["linked"],
            "other_district": w.competencies["other_district"],
            "shared": add_competency(framework=shared, human_code="SH.1", statement=SHARED_STATEMENT),
        }
    return w.learning["authoring"]


def authoring_target_id(w: World, target: str) -> Any:
    """The public id of the framework a target names."""
    return authoring_of(w)[target].framework.public_id


def competency_of(w: World, target: str) -> dict[str, Any]:
    """The URL kwarg of the target framework's own competency (for the competency page)."""
    return {"competency_id": authoring_of(w)[target].public_id}
