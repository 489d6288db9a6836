"""Forms of the framework authoring pages. They parse what was sent; the services decide what is valid
(an empty statement, a code already used, a link that closes a loop) and the views show their refusals on
the field they name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from trellis.apps.frameworks.selectors import CalculationMethods, CompetencyKind, EdgeKind, TreeNode

CHOOSE_COMPETENCY = _("Choose a competency of this framework from the list.")
LINK_KINDS = [
    (EdgeKind.CHILD_OF.value, EdgeKind.CHILD_OF.label),
    (EdgeKind.PREREQUISITE_OF.value, EdgeKind.PREREQUISITE_OF.label),
    (EdgeKind.RELATED_TO.value, EdgeKind.RELATED_TO.label),
]


def competency_label(node: TreeNode) -> str:
    """An option's text: indented by depth, the code, the start of the statement."""
    competency = node.competency
    name = " ".join(part for part in (competency.human_code, truncatechars(competency.statement, 70)) if part)
    return f"{'– ' * node.depth}{name}"


def competency_choices(nodes: Iterable[TreeNode]) -> list[tuple[str, str]]:
    return [(str(node.competency.public_id), competency_label(node)) for node in nodes]


def _competency_field(
    label: Any, choices: list[tuple[str, str]], *, required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"required": CHOOSE_COMPETENCY, "invalid_choice": CHOOSE_COMPETENCY},
    )


class CompetencyForm(forms.Form):
    """What a competency says. The statement may arrive empty: the service says what to write."""

    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the learner knows or can do, e.g. “Use ratio language to describe a relationship.”"
        ),
    )
    human_code = forms.CharField(
        label=_("Code (optional)"),
        required=False,
        max_length=100,
        help_text=_("Unique in this framework, e.g. 6.RP.A.1."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CompetencyKind.choices, required=False)
    education_levels = forms.CharField(
        label=_("Grade levels (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "Grade codes separated by commas, e.g. KG, 01, 06: learners and families see when it is expected."
        ),
    )
    abbreviated_statement = forms.CharField(
        label=_("Short wording (optional)"),
        required=False,
        max_length=300,
        help_text=_("Shown to families and in short lists; leave it empty to use the statement."),
    )


class NewCompetencyForm(CompetencyForm):
    field_order = ["statement", "human_code", "kind", "parent", "education_levels", "abbreviated_statement"]

    def __init__(self, *args: Any, nodes: Iterable[TreeNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Nothing: a top-level competency"))]
        self.fields["parent"] = _competency_field(
            _("Part of (optional)"), choices + competency_choices(nodes), required=False
        )
        self.order_fields(self.field_order)


class LinkForm(forms.Form):
    """“<source> is part of / comes before / is related to <target>”."""

    def __init__(self, *args: Any, nodes: Iterable[TreeNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = competency_choices(nodes)
        self.fields["source"] = _competency_field(_("This competency"), [("", "—"), *choices])
        self.fields["kind"] = forms.ChoiceField(
            label=_("How they are linked"),
            choices=[("", "—"), *LINK_KINDS],
            error_messages={
                "required": _("Choose how the two are linked."),
                "invalid_choice": _("Choose how the two are linked."),
            },
        )
        self.fields["target"] = _competency_field(_("That competency"), [("", "—"), *choices])


class MasteryRulesForm(forms.Form):
    calculation_method = forms.ChoiceField(
        label=_("How mastery is calculated"),
        choices=CalculationMethods.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how mastery is calculated."),
            "invalid_choice": _("Choose how mastery is calculated."),
        },
    )
    decay = forms.FloatField(
        label=_("Weight of the newest evidence (decaying average)"),
        required=False,
        help_text=_(
            "Above 0 and at most 1: with 0.65, the newest evidence weighs 0.65 and all before it 0.35."
        ),
    )
    n = forms.IntegerField(
        label=_("How many times (N times at or above mastery)"),
        required=False,
        help_text=_("How many pieces of evidence at or above the mastery level make it mastered, e.g. 3."),
    )
    counts_self_assessment = forms.BooleanField(
        label=_("Self-assessment counts toward mastery"), required=False
    )
    counts_peer_assessment = forms.BooleanField(
        label=_("Peer assessment counts toward mastery"), required=False
    )
