from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forcegen.core.forms import PickerInput
from forcegen.core.models import Organisation
from forcegen.personnel.models import Requirement, Specialty

from .models import Attendance, ClassSession, Course, Enrolment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def split_service_numbers(text: str) -> list[str]:
    """Service numbers separated by spaces, commas, semicolons or new lines, in order, once."""
    return list(dict.fromkeys(part for part in re.split(r"[\s,;]+", text) if part))


class CourseForm(forms.ModelForm[Course]):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "category",
            "hours",
            "pass_mark",
            "min_attendance",
            "validity_months",
            "prerequisites",
            "min_language",
            "min_language_level",
            "required_for",
            "description",
            "translations",
            "effective_from",
            "source",
        ]
        widgets = {"effective_from": DATE}

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Course.objects.filter(organisation_id=organisation_id)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["prerequisites"].queryset = others  # type: ignore[attr-defined]
        self.fields["required_for"].queryset = Specialty.objects.all()  # type: ignore[attr-defined]
        self.fields["required_for"].widget.attrs["size"] = 8
        self.instance.organisation_id = organisation_id


class ClassForm(forms.ModelForm[ClassSession]):
    instructor_numbers = forms.CharField(
        label=_("Instructors (service numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your own personnel who teach; name other instructors in the next field."),
    )

    class Meta:
        model = ClassSession
        fields = [
            "course",
            "reference",
            "starts_on",
            "ends_on",
            "venue",
            "capacity",
            "language",
            "external_instructors",
            "shared_with",
            "notes",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "shared_with": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation_id: int, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        self.fields["shared_with"].queryset = partners  # type: ignore[attr-defined]
        self.fields["shared_with"].help_text = ClassSession._meta.get_field("shared_with").help_text
        if self.instance.pk:
            self.initial["instructor_numbers"] = " ".join(
                p.service_number for p in self.instance.instructors.all()
            )
        self.instance.organisation_id = organisation_id

    def clean_instructor_numbers(self) -> list[str]:
        return split_service_numbers(self.cleaned_data.get("instructor_numbers") or "")


class ClassStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args: Any, allowed: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ClassSession.Status.choices if value in allowed
        ]


class NominationForm(forms.Form):
    service_numbers = forms.CharField(
        label=_("Service numbers"),
        widget=PickerInput("personnel:pick", multiple=True),
        help_text=_(
            "One or several of your own personnel, separated by spaces or new lines; type a name, "
            "in either script, to find them."
        ),
    )

    def clean_service_numbers(self) -> list[str]:
        numbers = split_service_numbers(self.cleaned_data["service_numbers"])
        if not numbers:
            raise forms.ValidationError(_("Give at least one service number."))
        return numbers


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=300,
        error_messages={"required": _("Give the reason for revoking it.")},
    )


class RegisterForm(forms.Form):
    """The class register: a mark per trainee and day that has come (blank: not recorded), and an
    "all present" box per day, which marks every trainee present that day when ticked (the page's
    script ticks the column at once; without it, the server does)."""

    def __init__(
        self,
        *args: Any,
        enrolments: list[Enrolment],
        days: list[datetime.date],
        marks: dict[tuple[int, datetime.date], str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        self.days = days
        choices = [("", "—"), *Attendance.Mark.choices]
        for day in days:
            self.fields[self._all(day)] = forms.BooleanField(label=_("All present"), required=False)
            for enrolment in enrolments:
                self.fields[self._cell(enrolment.pk, day)] = forms.ChoiceField(
                    label=f"{enrolment.person.full_name} {day.isoformat()}",
                    choices=choices,
                    required=False,
                    initial=marks.get((enrolment.pk, day), ""),
                )

    @staticmethod
    def _cell(enrolment_id: int, day: datetime.date) -> str:
        return f"mark_{enrolment_id}_{day.isoformat()}"

    @staticmethod
    def _all(day: datetime.date) -> str:
        return f"all_{day.isoformat()}"

    def columns(self) -> list[tuple[datetime.date, forms.BoundField]]:
        return [(day, self[self._all(day)]) for day in self.days]

    def rows(self) -> list[tuple[Enrolment, list[tuple[datetime.date, forms.BoundField]]]]:
        return [
            (e, [(day, self[self._cell(e.pk, day)]) for day in self.days]) for e in self.enrolments
        ]

    def marks(self) -> dict[tuple[int, datetime.date], str]:
        """The marks given, every trainee present on the days ticked "all present"."""
        marks = {}
        for day in self.days:
            everyone = self.cleaned_data[self._all(day)]
            for enrolment in self.enrolments:
                mark = self.cleaned_data[self._cell(enrolment.pk, day)]
                if everyone:
                    mark = Attendance.Mark.PRESENT
                if mark:
                    marks[(enrolment.pk, day)] = mark
        return marks


class ResultsForm(forms.Form):
    """Scores (and remarks) of the trainees still to be assessed; empty scores are skipped."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            name = f"{enrolment.person.full_name} ({enrolment.organisation.code})"
            self.fields[f"score_{enrolment.pk}"] = forms.DecimalField(
                label=name,
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=enrolment.score,
            )
            self.fields[f"remarks_{enrolment.pk}"] = forms.CharField(
                label=_("Remarks"), required=False, max_length=300, initial=enrolment.remarks
            )

    def results(self) -> list[tuple[Enrolment, Any, str]]:
        return [
            (e, self.cleaned_data[f"score_{e.pk}"], self.cleaned_data[f"remarks_{e.pk}"])
            for e in self.enrolments
            if self.cleaned_data.get(f"score_{e.pk}") is not None
        ]


class RequirementCourseForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Requirement"), queryset=Requirement.objects.none()
    )

    def __init__(self, *args: Any, requirements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements  # type: ignore[attr-defined]


def partner_choices(user: Any) -> Any:
    """Partners a class can be opened to: organisations in an active partnership."""
    own = Organisation.objects.editable_by(user)
    return Organisation.objects.visible_to(user).exclude(pk__in=own)
