"""Writes to the personnel registry. Each is atomic and refuses bad input with a usable message."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forcegen.core import reminders
from forcegen.core.models import Organisation
from forcegen.core.validation import row_errors

from .models import Availability, Credential, Person, Rank, Requirement, Specialty

RANK_FIELDS = ("code", "name_native", "name_en", "nato_code")
DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_ranks(*, organisation: Organisation, rows: Iterable[dict[str, str]]) -> dict[str, int]:
    """Create or update an organisation's rank table; one bad row and nothing is stored."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors: list[str] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        missing = [f for f in RANK_FIELDS if not (row.get(f) or "").strip()]
        if missing:
            errors.append(
                _("row %(row)d: missing %(fields)s") % {"row": number, "fields": ", ".join(missing)}
            )
            continue
        values = {f: row[f].strip() for f in RANK_FIELDS[1:]}
        values.update({f: (row.get(f) or "").strip() for f in ("aliases", "source")})
        rank = Rank.objects.filter(organisation=organisation, code=row["code"].strip()).first()
        if rank is None:
            rank = Rank(organisation=organisation, code=row["code"].strip())
        changed = [f for f, v in values.items() if getattr(rank, f) != v]
        for field_name in changed:
            setattr(rank, field_name, values[field_name])
        try:
            rank.full_clean()
        except ValidationError as exc:
            errors.extend(row_errors(number, exc))
            continue
        state = "created" if rank.pk is None else "updated" if changed else "unchanged"
        if state != "unchanged":
            rank.save()
        counts[state] += 1
    if errors:
        raise ValidationError(errors)
    return counts


def load_demo_ranks(organisation: Organisation, country: str) -> dict[str, int]:
    return load_ranks(
        organisation=organisation, rows=read_csv(DATA_DIR / f"ranks-{country.lower()}.csv")
    )


@transaction.atomic
def save_person(
    *,
    organisation: Organisation,
    person: Person | None = None,
    specialties: Iterable[Specialty] | None = None,
    **fields: Any,
) -> Person:
    """Create a person (person=None) or update one, with their specialties."""
    person = person or Person(organisation=organisation)
    if person.organisation_id != organisation.pk:
        raise ValidationError(_("This person belongs to another organisation."))
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()  # Person.clean refuses a rank from another organisation's table
    person.save()
    if specialties is not None:
        person.specialties.set(specialties)
    return person


def accounts_to_link(person: Person) -> Any:
    """Accounts of the person's organisation that no personnel record claims yet."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=person.organisation_id, person__isnull=True)
        .order_by("username")
    )


@transaction.atomic
def link_account(*, person: Person, user: Any) -> Person:
    """Let an account of the person's organisation sign in to this person's own record."""
    if not accounts_to_link(person).filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(user)s is not an unlinked account of this person's organisation.")
            % {"user": user.username}
        )
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return person


@transaction.atomic
def create_account(*, person: Person, username: str, email: str, password: str) -> Any:
    """A sign-in for a person who has none: the account has no membership, so it opens only
    the person's own record."""
    User = get_user_model()
    if person.user_id:
        raise ValidationError(
            _("This person already signs in as %(user)s.") % {"user": person.user}
        )
    if User.objects.filter(username__iexact=username).exists():
        taken = _("The user name %(name)s is taken.") % {"name": username}
        raise ValidationError({"username": taken})
    user = User(
        username=username,
        email=email,
        first_name=person.full_name.split()[0] if person.full_name else "",
        last_name=" ".join(person.full_name.split()[1:]),
        full_name_native=person.full_name_native,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def unlink_account(*, person: Person) -> Person:
    """Stop an account from opening this record; an account made only for it (no membership)
    can then open nothing, so it is switched off."""
    user = person.user
    if user is None:
        return person
    person.user = None
    person.save(update_fields=["user", "updated_at"])
    if not user.memberships.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def add_credential(*, person: Person, **fields: Any) -> Credential:
    credential = Credential(person=person, organisation_id=person.organisation_id, **fields)
    credential.full_clean()
    credential.save()
    transaction.on_commit(lambda: reminders.changed(person.organisation_id))
    return credential


@transaction.atomic
def add_unavailability(*, person: Person, **fields: Any) -> Availability:
    period = Availability(person=person, organisation_id=person.organisation_id, **fields)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def save_requirement(*, form: Any, formsets: list[Any]) -> Requirement:
    """Save a requirement with its credential and language rows together, or none of them."""
    requirement: Requirement = form.save()
    for formset in formsets:
        formset.instance = requirement
        formset.save()
    return requirement
