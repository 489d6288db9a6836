from __future__ import annotations

import zipfile

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from trellis.apps.rosters.access import MENTOR_GRANTABLE_PARTS, RecordPart, TeamRole

ROLE_CHOICES = [(r.value, r.label) for r in TeamRole]
PART_CHOICES = [(p.value, p.label) for p in RecordPart if p in MENTOR_GRANTABLE_PARTS]


class TeamMemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role on the team"), choices=ROLE_CHOICES)
    start_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required for mentors and other adults."),
    )
    granted_parts = forms.MultipleChoiceField(
        label=_("May see (mentors and other adults)"),
        choices=PART_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class GuardianRestrictionForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500, required=False)


class RosterUploadForm(forms.Form):
    bundle = forms.FileField(label=_("OneRoster bundle (.zip)"))

    def clean_bundle(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["bundle"]
        if upload.size and upload.size > settings.ROSTER_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; import it on the server with `trellis import-roster`.")
                % {"mb": settings.ROSTER_UPLOAD_MAX_BYTES // 2**20}
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                _("This is not a zip file. Zip the bundle's CSV files and upload the zip.")
            )
        upload.seek(0)
        return upload
