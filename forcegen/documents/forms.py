from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forcegen.core.models import Organisation

from .attachments import validate_attachment
from .models import (
    CoverageItem,
    Document,
    DocumentType,
    IssuingBody,
    Relation,
    SubjectArea,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LabelledChoiceField(forms.ModelChoiceField[Any]):
    """Reference rows show their name in the interface language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DocumentChoiceField(forms.ModelChoiceField[Document]):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.display_number} — {obj.title}"


def _types(country: str) -> Any:
    return DocumentType.objects.for_country(country).current()


def _issuers(country: str) -> Any:
    return IssuingBody.objects.for_country(country).current()


class DocumentForm(forms.Form):
    """A document's register entry; the country's types and issuers only."""

    type = LabelledChoiceField(queryset=DocumentType.objects.none(), label=_("Type"))
    issuer = LabelledChoiceField(
        queryset=IssuingBody.objects.none(), label=_("Issuing body"), required=False
    )
    number = forms.CharField(
        label=_("Number"),
        max_length=80,
        required=False,
        help_text=_("Leave empty until it is numbered; it must fit the type's pattern."),
    )
    title = forms.CharField(label=_("Title (native script)"), max_length=500)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=500, required=False)
    language = forms.CharField(label=_("Language of the text"), max_length=3)
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signed / adopted on"), widget=DATE, required=False)
    published_on = forms.DateField(label=_("Published on"), widget=DATE, required=False)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE, required=False)
    effective_to = forms.DateField(label=_("Effective to"), widget=DATE, required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    covers = forms.ModelMultipleChoiceField(
        queryset=CoverageItem.objects.all(),
        label=_("Framework items it covers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        queryset=SubjectArea.objects.all(),
        label=_("Subject areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_shared = forms.BooleanField(label=_("Share with partners"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = _types(organisation.country)  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = _issuers(organisation.country)  # type: ignore[attr-defined]
        checklist = CoverageItem.objects.current().for_organisation(organisation.pk)
        self.fields["covers"].queryset = checklist  # type: ignore[attr-defined]


class NewDocumentForm(DocumentForm):
    text = forms.CharField(
        label=_("Text (version 1)"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )


class AdaptForm(forms.Form):
    type = LabelledChoiceField(queryset=DocumentType.objects.none(), label=_("Type"))
    issuer = LabelledChoiceField(
        queryset=IssuingBody.objects.none(), label=_("Issuing body"), required=False
    )
    title = forms.CharField(label=_("Title (native script)"), max_length=500)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    language = forms.CharField(label=_("Language of the text"), max_length=3)

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = _types(country)  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = _issuers(country)  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class MoveForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Takes effect on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    related = DocumentChoiceField(
        queryset=Document.objects.none(),
        label=_("By document"),
        required=False,
        help_text=_("Needed to mark it amended, replaced or repealed."),
    )

    def __init__(
        self, *args: Any, targets: list[tuple[str, str]], documents: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets  # type: ignore[attr-defined]
        self.fields["related"].queryset = documents  # type: ignore[attr-defined]


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=Relation.Kind.choices)
    target = DocumentChoiceField(queryset=Document.objects.none(), label=_("Other document"))
    effective_on = forms.DateField(
        label=_("Takes effect on"), widget=DATE, required=False, help_text=_("Empty: its own.")
    )
    articles = forms.CharField(label=_("Articles"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = documents  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    article = forms.CharField(label=_("Article"), max_length=40, required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("of a legal document", "Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF or DOCX)"), validators=[validate_attachment])


class ChecklistItemForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_lo = forms.CharField(label=_("Name (Lao)"), max_length=200, required=False)
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CiteForm(forms.Form):
    record = forms.ChoiceField(label=_("Record that cites it"))
    article = forms.CharField(label=_("Article"), max_length=40, required=False)

    def __init__(self, *args: Any, records: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = records  # type: ignore[attr-defined]
