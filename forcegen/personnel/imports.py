"""Roster import: read a CSV or XLSX roster, check every row, plan the changes, commit all or none.

The pipeline is small steps, each usable alone:

    read_roster (roster_sheet: bytes -> Sheet: header and rows, numbered as the user sees them)
    plan_import (Sheet + the organisation's records -> ImportPlan: row errors, creates, updates)
    apply_plan  (ImportPlan -> database, in bulk)

`preview_roster` reads and plans; `import_roster` does all three in one transaction and stores
nothing if any row is wrong. The RosterImport workflow (check, confirm, commit) at the end of this
module is what the background tasks run.

Audit: people and credentials are written with bulk_create/bulk_update, which django-auditlog does
not see (it listens to per-object saves; 10,000 of those would take minutes and flood the trail).
The RosterImport row, audited itself, is the one summary instead: who uploaded and confirmed which
file, when, the counts and every service number created or updated. Unchanged rows write nothing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core import jobs
from forcegen.core.files import removed_on_failure
from forcegen.core.models import Job, Organisation

from .models import (
    Credential,
    LanguageLevel,
    Person,
    Rank,
    RosterColumnMapping,
    RosterImport,
    Specialty,
)
from .roster_columns import COLUMN_ORDER, REQUIRED_COLUMNS
from .roster_sheet import (
    FILE_ROW,
    CellError,
    RowError,
    Sheet,
    SheetRow,
    lookup_key,
    read_roster,
)

BATCH_SIZE = 500

# Plain text columns and the Person field each fills.
TEXT_FIELDS = {
    "service_number": "service_number",
    "full_name": "full_name",
    "full_name_native": "full_name_native",
    "unit": "home_unit",
    "branch": "branch",
    "phone": "phone",
    "email": "email",
    "next_of_kin": "next_of_kin",
    "next_of_kin_phone": "next_of_kin_phone",
}
DATE_FIELDS = {"date_of_birth": "date_of_birth", "last_mission_return": "last_mission_return"}
KEEP_WHEN_EMPTY = {"status"}  # an empty cell keeps the current value (new people: the default)

SEX_WORDS = {
    **dict.fromkeys(("f", "female", "nữ", "ຍິງ", "femme"), Person.Sex.FEMALE.value),
    **dict.fromkeys(("m", "male", "nam", "ຊາຍ", "homme"), Person.Sex.MALE.value),
}
LEVELS = {level.label.casefold(): level.value for level in LanguageLevel}
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class RosterRejected(ValidationError):
    """The roster has errors; nothing was stored. `.rows` lists them, `.plan` has the counts."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__([str(error) for error in plan.errors])
        self.rows = plan.errors
        self.plan = plan


# --- Checking rows -------------------------------------------------------------------------------


def lookup_table(entries: Iterable[tuple[int, Iterable[str]]]) -> dict[str, tuple[int, ...]]:
    """Name -> the ids of the records that go by it (several: the name is ambiguous)."""
    table: dict[str, tuple[int, ...]] = {}
    for pk, names in entries:
        for name in names:
            key = lookup_key(name)
            if key and pk not in table.get(key, ()):
                table[key] = (*table.get(key, ()), pk)
    return table


@dataclass(frozen=True)
class Lookups:
    """The organisation's ranks and the specialties, by every name a roster may use."""

    rank_codes: dict[str, tuple[int, ...]]
    rank_names: dict[str, tuple[int, ...]]
    rank_labels: dict[int, str]
    specialties: dict[str, tuple[int, ...]]

    @classmethod
    def load(cls, organisation: Organisation) -> Lookups:
        ranks = list(
            Rank.objects.filter(organisation=organisation).values_list(
                "pk", "code", "name_en", "name_native", "aliases"
            )
        )
        specialties = Specialty.objects.values_list(
            "pk", "code", *(f"name_{language}" for language in Specialty.LANGUAGES)
        )
        return cls(
            rank_codes=lookup_table((pk, [code]) for pk, code, *_names in ranks),
            rank_names=lookup_table(
                (pk, [en, native, *aliases.split("|")]) for pk, _code, en, native, aliases in ranks
            ),
            rank_labels={pk: f"{native} ({code})" for pk, code, _en, native, _aliases in ranks},
            specialties=lookup_table(
                (pk, [code, *[name for name in names if name]]) for pk, code, *names in specialties
            ),
        )


@dataclass(frozen=True)
class PassportIn:
    number: str
    valid_until: datetime.date
    issued_on: datetime.date | None


@dataclass
class RowValues:
    """A checked row: Person field values for the columns present, and the linked records."""

    number: int
    person: dict[str, Any]
    specialty_ids: frozenset[int] | None  # None: no specialty column, leave them as they are
    passport: PassportIn | None
    english_level: int | None

    @property
    def service_number(self) -> str:
        return str(self.person["service_number"])


def parse_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    try:
        if match := ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := DAY_FIRST_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CellError(_("“%(value)s” is not a date: use 2027-01-31 or 31/01/2027.") % {"value": text})


def parse_sex(value: object) -> str:
    sex = SEX_WORDS.get(lookup_key(str(value)))
    if sex is None:
        raise CellError(_("“%(value)s” is not a sex: use F or M.") % {"value": value})
    return sex


def parse_rank(value: object, lookups: Lookups) -> int:
    key = lookup_key(str(value))
    ranks = lookups.rank_codes.get(key) or lookups.rank_names.get(key)
    if not ranks:
        raise CellError(
            _("Unknown rank “%(value)s”: use a code or name from your rank table.")
            % {"value": value}
        )
    if len(ranks) > 1:
        candidates = ", ".join(sorted(lookups.rank_labels[pk] for pk in ranks))
        raise CellError(
            _("“%(value)s” names several ranks (%(candidates)s): use the rank code.")
            % {"value": value, "candidates": candidates}
        )
    return ranks[0]


def parse_specialties(value: object, lookups: Lookups) -> frozenset[int]:
    found: set[int] = set()
    for part in str(value).split("|"):
        key = lookup_key(part)
        if not key:
            continue
        if key not in lookups.specialties:
            raise CellError(_("Unknown specialty “%(value)s”.") % {"value": part.strip()})
        if len(lookups.specialties[key]) > 1:
            raise CellError(
                _("“%(value)s” names several specialties: use the code.") % {"value": part.strip()}
            )
        found.add(lookups.specialties[key][0])
    return frozenset(found)


def parse_level(value: object) -> int:
    level = LEVELS.get(lookup_key(str(value)))
    if level is None:
        raise CellError(
            _("“%(value)s” is not a level: use A1, A2, B1, B2, C1 or C2.") % {"value": value}
        )
    return level


def parse_blood_group(value: object) -> str:
    text = re.sub(r"\s", "", str(value)).upper().replace("0", "O")
    if text not in Person.BloodGroup.values:
        raise CellError(
            _("“%(value)s” is not a blood group: use A+, A-, B+, B-, AB+, AB-, O+ or O-.")
            % {"value": value}
        )
    return text


def parse_status(value: object) -> str:
    key = lookup_key(str(value))
    for status in Person.Status:
        if key in {status.value, str(status.label).casefold()}:
            return status.value
    raise CellError(
        _("“%(value)s” is not a status: use active, reserve or retired.") % {"value": value}
    )


def model_text(model: type[models.Model], field_name: str) -> Callable[[object], str]:
    """A parser that applies the model field's own checks (length, email format)."""
    model_field = model._meta.get_field(field_name)
    assert isinstance(model_field, models.Field)

    def parse(value: object) -> str:
        try:
            return str(model_field.clean(str(value), None))
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from exc

    return parse


def person_parsers(lookups: Lookups) -> dict[str, tuple[str, Callable[[object], Any]]]:
    """Column -> (Person field, parser) for every column that fills a Person field."""
    parsers: dict[str, tuple[str, Callable[[object], Any]]] = {
        column: (name, model_text(Person, name)) for column, name in TEXT_FIELDS.items()
    }
    parsers.update({column: (name, parse_date) for column, name in DATE_FIELDS.items()})
    parsers["sex"] = ("sex", parse_sex)
    parsers["rank"] = ("rank_id", lambda value: parse_rank(value, lookups))
    parsers["blood_group"] = ("blood_group", parse_blood_group)
    parsers["status"] = ("status", parse_status)
    return parsers


class RowChecker:
    """Checks one row after another; remembers service numbers to catch duplicates in the file."""

    def __init__(self, lookups: Lookups, columns: Sequence[str], today: datetime.date) -> None:
        self.lookups = lookups
        self.columns = columns
        self.today = today
        self.parsers = person_parsers(lookups)
        self.passport_number = model_text(Credential, "reference")
        self.seen: dict[str, int] = {}

    def check(self, row: SheetRow) -> tuple[RowValues | None, list[RowError]]:
        errors: list[RowError] = []
        values: dict[str, Any] = {}

        def parse(column: str, parser: Callable[[object], Any]) -> Any:
            raw = row.cells.get(column, "")
            if raw in ("", None):
                if column in REQUIRED_COLUMNS:
                    errors.append(RowError(row.number, column, _("A value is required.")))
                return None
            try:
                return parser(raw)
            except CellError as exc:
                errors.append(RowError(row.number, column, str(exc)))
                return None

        for column in self.columns:
            if column not in self.parsers:
                continue
            name, parser = self.parsers[column]
            value = parse(column, parser)
            if value is not None:
                values[name] = value
            elif column not in REQUIRED_COLUMNS and column not in KEEP_WHEN_EMPTY:
                values[name] = None if column in DATE_FIELDS else ""  # an empty cell clears
        specialties = parse("specialty", lambda v: parse_specialties(v, self.lookups))
        level = parse("english_level", parse_level)
        passport = self.check_passport(row, parse, errors)
        self.check_dates(row, values, errors)
        self.check_duplicate(row, values, errors)
        if errors:
            return None, errors
        has_specialties = "specialty" in self.columns
        return RowValues(
            number=row.number,
            person=values,
            specialty_ids=(specialties or frozenset()) if has_specialties else None,
            passport=passport,
            english_level=level,
        ), []

    def check_passport(
        self,
        row: SheetRow,
        parse: Callable[[str, Callable[[object], Any]], Any],
        errors: list[RowError],
    ) -> PassportIn | None:
        number = parse("passport_number", lambda v: self.passport_number(v).upper())
        expiry = parse("passport_expiry", parse_date)
        issued = parse("passport_issued", parse_date)
        cells = row.cells
        if cells.get("passport_number") and not cells.get("passport_expiry"):
            message = _("Give the passport's expiry date with its number.")
            errors.append(RowError(row.number, "passport_expiry", message))
        elif cells.get("passport_expiry") and not cells.get("passport_number"):
            message = _("Give the passport number with its expiry date.")
            errors.append(RowError(row.number, "passport_number", message))
        if expiry and issued and expiry < issued:
            message = _("The passport expires before it was issued.")
            errors.append(RowError(row.number, "passport_expiry", message))
        if number and expiry:
            return PassportIn(number=number, valid_until=expiry, issued_on=issued)
        return None

    def check_dates(self, row: SheetRow, values: dict[str, Any], errors: list[RowError]) -> None:
        born = values.get("date_of_birth")
        if born and born > self.today:
            message = _("The date of birth is in the future.")
            errors.append(RowError(row.number, "date_of_birth", message))
        returned = values.get("last_mission_return")
        if returned and returned > self.today:
            message = _("The return from a mission is in the future.")
            errors.append(RowError(row.number, "last_mission_return", message))

    def check_duplicate(
        self, row: SheetRow, values: dict[str, Any], errors: list[RowError]
    ) -> None:
        number = values.get("service_number")
        if not number:
            return
        first = self.seen.setdefault(number, row.number)
        if first != row.number:
            message = _("Service number %(number)s is already on row %(row)d.") % {
                "number": number,
                "row": first,
            }
            errors.append(RowError(row.number, "service_number", message))


# --- Planning the changes ------------------------------------------------------------------------

Action = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class RowOutcome:
    """What happens to one row's person; `fields` lists an update's changes (field, old, new;
    "specialties" and "credentials" without values)."""

    row: int
    service_number: str
    action: Action
    name: str = ""
    fields: tuple[tuple[str, str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "service_number": self.service_number,
            "action": self.action,
            "name": self.name,
            "fields": [{"field": f, "old": old, "new": new} for f, old, new in self.fields],
        }


@dataclass
class ImportPlan:
    """What committing the roster would do; nothing happens unless `errors` is empty."""

    rows: int = 0  # data rows read from the file
    errors: list[RowError] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    changed_people: list[Person] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    specialties: list[tuple[Person, frozenset[int]]] = field(default_factory=list)
    cleared_specialties: list[int] = field(default_factory=list)  # existing people's ids
    new_credentials: list[Credential] = field(default_factory=list)
    changed_credentials: list[Credential] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"rows": self.rows, "created": 0, "updated": 0, "unchanged": 0}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        counts["errors"] = len(self.errors)
        return counts

    @property
    def changes(self) -> list[dict[str, Any]]:
        return [o.as_dict() for o in self.outcomes if o.action != "unchanged"]


@dataclass
class Existing:
    """The organisation's people named in the roster, with the records an import may touch."""

    people: dict[str, Person] = field(default_factory=dict)
    specialties: dict[int, set[int]] = field(default_factory=dict)
    passports: dict[int, list[Credential]] = field(default_factory=dict)
    english: dict[int, Credential] = field(default_factory=dict)

    @classmethod
    def load(cls, organisation: Organisation, service_numbers: Sequence[str]) -> Existing:
        """A fixed number of queries per 500 rows, whatever the roster's size."""
        found = cls()
        for chunk in chunked(service_numbers, BATCH_SIZE):
            people = Person.objects.filter(organisation=organisation, service_number__in=chunk)
            found.people.update((p.service_number, p) for p in people)
        ids = [p.pk for p in found.people.values()]
        through = Person.specialties.through
        for chunk in chunked(ids, BATCH_SIZE):
            pairs = through.objects.filter(person_id__in=chunk).values_list(
                "person_id", "specialty_id"
            )
            for person_id, specialty_id in pairs:
                found.specialties.setdefault(person_id, set()).add(specialty_id)
            credentials = Credential.objects.filter(
                person_id__in=chunk, kind__in=[Credential.Kind.PASSPORT, Credential.Kind.LANGUAGE]
            ).order_by("pk")
            for credential in credentials:
                if credential.kind == Credential.Kind.PASSPORT:
                    found.passports.setdefault(credential.person_id, []).append(credential)
                elif credential.detail == "en":
                    found.english[credential.person_id] = credential  # the latest wins
        return found


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plan_import(*, organisation: Organisation, sheet: Sheet) -> ImportPlan:
    """Check every row and work out, set-based, what each would create or change."""
    plan = ImportPlan(rows=len(sheet.rows), errors=list(sheet.errors))
    checker = RowChecker(Lookups.load(organisation), sheet.columns, timezone.localdate())
    checked: list[RowValues] = []
    for row in sheet.rows:
        values, errors = checker.check(row)
        plan.errors.extend(errors)
        if values is not None:
            checked.append(values)
    if not plan.errors:
        existing = Existing.load(organisation, [values.service_number for values in checked])
        now = timezone.now()
        for values in checked:
            plan_row(plan, organisation, values, existing, now)
    plan.errors.sort(key=lambda e: (e.row, COLUMN_ORDER.get(e.column, len(COLUMN_ORDER))))
    return plan


def plan_row(
    plan: ImportPlan,
    organisation: Organisation,
    values: RowValues,
    existing: Existing,
    now: datetime.datetime,
) -> None:
    person = existing.people.get(values.service_number)
    if person is None:
        person = Person(organisation=organisation, **values.person)
        plan.new_people.append(person)
        if values.specialty_ids:
            plan.specialties.append((person, values.specialty_ids))
        plan.new_credentials.extend(new_person_credentials(person, values))
        plan.outcomes.append(
            RowOutcome(values.number, values.service_number, "created", person.full_name)
        )
        return
    changed = {name for name, value in values.person.items() if getattr(person, name) != value}
    fields = [
        (name, _shown(getattr(person, name)), _shown(values.person[name]))
        for name in sorted(changed)
    ]
    for name in changed:
        setattr(person, name, values.person[name])
    plan.changed_fields |= changed
    specialties_changed = values.specialty_ids is not None and values.specialty_ids != (
        existing.specialties.get(person.pk, set())
    )
    if specialties_changed:
        assert values.specialty_ids is not None
        plan.cleared_specialties.append(person.pk)
        plan.specialties.append((person, values.specialty_ids))
    credentials_changed = plan_credentials(plan, person, values, existing, now)
    if specialties_changed:
        fields.append(("specialties", "", ""))
    if credentials_changed:
        fields.append(("credentials", "", ""))
    if changed or specialties_changed or credentials_changed:
        person.updated_at = now
        plan.changed_people.append(person)
        plan.outcomes.append(
            RowOutcome(
                values.number, values.service_number, "updated", person.full_name, tuple(fields)
            )
        )
    else:
        plan.outcomes.append(RowOutcome(values.number, values.service_number, "unchanged"))


def _shown(value: object) -> str:
    """A field's value as the preview shows it (dates in ISO form, nothing as empty)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def passport_credential(person: Person, passport: PassportIn) -> Credential:
    return Credential(
        person=person,
        organisation_id=person.organisation_id,
        kind=Credential.Kind.PASSPORT,
        reference=passport.number,
        valid_until=passport.valid_until,
        issued_on=passport.issued_on,
    )


def english_credential(person: Person, level: int) -> Credential:
    return Credential(
        person=person,
        organisation_id=person.organisation_id,
        kind=Credential.Kind.LANGUAGE,
        detail="en",
        level=level,
    )


def new_person_credentials(person: Person, values: RowValues) -> list[Credential]:
    credentials = []
    if values.passport:
        credentials.append(passport_credential(person, values.passport))
    if values.english_level:
        credentials.append(english_credential(person, values.english_level))
    return credentials


def plan_credentials(
    plan: ImportPlan,
    person: Person,
    values: RowValues,
    existing: Existing,
    now: datetime.datetime,
) -> bool:
    """A new passport number is a new passport; the same number with new dates is updated.
    A different English level is a new result (the earlier one stays as history)."""
    changed = False
    if values.passport:
        passport = values.passport
        same = [
            c
            for c in existing.passports.get(person.pk, [])
            if c.reference.upper() == passport.number
        ]
        if not same:
            plan.new_credentials.append(passport_credential(person, passport))
            changed = True
        else:
            credential = same[-1]
            issued_on = passport.issued_on or credential.issued_on
            if issued_on and passport.valid_until < issued_on:
                message = _("The passport expires before it was issued.")
                plan.errors.append(RowError(values.number, "passport_expiry", message))
            elif (credential.valid_until, credential.issued_on) != (
                passport.valid_until,
                issued_on,
            ):
                credential.valid_until = passport.valid_until
                credential.issued_on = issued_on
                credential.updated_at = now
                plan.changed_credentials.append(credential)
                changed = True
    if values.english_level:
        latest = existing.english.get(person.pk)
        if latest is None or latest.level != values.english_level:
            plan.new_credentials.append(english_credential(person, values.english_level))
            changed = True
    return changed


# --- Committing ----------------------------------------------------------------------------------


def apply_plan(plan: ImportPlan) -> None:
    """Write the plan in bulk: a handful of statements per 500 people."""
    Person.objects.bulk_create(plan.new_people, batch_size=BATCH_SIZE)
    if plan.changed_people:
        Person.objects.bulk_update(
            plan.changed_people, sorted(plan.changed_fields | {"updated_at"}), batch_size=BATCH_SIZE
        )
    replace_specialties(plan.cleared_specialties, plan.specialties)
    Credential.objects.bulk_create(plan.new_credentials, batch_size=BATCH_SIZE)
    if plan.changed_credentials:
        Credential.objects.bulk_update(
            plan.changed_credentials,
            ["valid_until", "issued_on", "updated_at"],
            batch_size=BATCH_SIZE,
        )


def replace_specialties(cleared: list[int], sets: list[tuple[Person, frozenset[int]]]) -> None:
    """Existing people whose specialties changed lose their old set; everyone gets the new one."""
    through = Person.specialties.through
    for chunk in chunked(cleared, BATCH_SIZE):
        through.objects.filter(person_id__in=chunk).delete()
    through.objects.bulk_create(
        [
            through(person_id=person.pk, specialty_id=specialty_id)
            for person, specialty_ids in sets
            for specialty_id in sorted(specialty_ids)
        ],
        batch_size=BATCH_SIZE,
    )


def preview_roster(*, organisation: Organisation, content: bytes, filename: str) -> ImportPlan:
    """Read and check a roster; store nothing."""
    mapping = RosterColumnMapping.objects.for_organisation(organisation)
    return plan_import(organisation=organisation, sheet=read_roster(content, filename, mapping))


@transaction.atomic
def import_roster(
    *, organisation: Organisation, content: bytes, filename: str, dry_run: bool = False
) -> ImportPlan:
    """Check the roster and, if every row is right, store it; otherwise raise RosterRejected.

    The check runs again inside the transaction, so a preview that has gone stale (a rank deleted,
    a person added meanwhile) cannot slip through.
    """
    plan = preview_roster(organisation=organisation, content=content, filename=filename)
    if plan.errors:
        raise RosterRejected(plan)
    if not dry_run:
        apply_plan(plan)
    return plan


@transaction.atomic
def import_roster_file(
    *, organisation: Organisation, path: Path, dry_run: bool = False
) -> ImportPlan:
    """The command-line import: as import_roster, and a finished RosterImport as its record."""
    content = path.read_bytes()
    plan = import_roster(
        organisation=organisation, content=content, filename=path.name, dry_run=dry_run
    )
    if not dry_run:
        record = RosterImport(
            organisation=organisation,
            original_name=path.name[:255],
            status=RosterImport.Status.DONE,
            counts=plan.counts,
            changes=plan.changes,
            finished_at=timezone.now(),
        )
        record.file.save(path.name, ContentFile(content), save=False)
        with removed_on_failure(record.file):
            record.save()
    return plan


# --- The RosterImport workflow (core jobs queued by tasks.py) -------------------------------------


def claim(job: Job, expected: set[str], status: str) -> RosterImport | None:
    """Move the job's import from one of the expected states to `status`; None if it is in none
    (a newer job took it over, e.g. after its columns were mapped)."""
    with transaction.atomic():
        roster_import = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(job=job)
            .first()
        )
        if roster_import is None or roster_import.status not in expected:
            return None
        if roster_import.status != status:
            roster_import.status = status
            roster_import.save(update_fields=["status"])
        return roster_import


def finish(
    roster_import: RosterImport, status: str, plan: ImportPlan | None, *, done: bool = True
) -> None:
    roster_import.status = status
    if plan is not None:
        roster_import.counts = plan.counts
        roster_import.errors = [error.as_dict() for error in plan.errors]
        # The preview shows what an import would change; the record keeps what it changed.
        roster_import.changes = plan.changes if not plan.errors else []
    roster_import.finished_at = timezone.now() if done else None
    roster_import.save()


def fail(roster_import: RosterImport) -> None:
    message = _("The import stopped on an unexpected error; nothing was stored. Try again later.")
    roster_import.errors = [RowError(FILE_ROW, "", message).as_dict()]
    finish(roster_import, RosterImport.Status.FAILED, None)


def file_content(roster_import: RosterImport) -> bytes:
    with roster_import.file.open("rb") as handle:
        return bytes(handle.read())


def outcome(job: Job, roster_import: RosterImport) -> dict[str, Any]:
    """The job's result and its line on "My jobs": what became of the file."""
    jobs.progress(
        job,
        done=roster_import.counts.get("rows", 0),
        total=roster_import.counts.get("rows", 0),
        message=f"{roster_import.original_name}: {roster_import.get_status_display()}",
    )
    return {"status": roster_import.status, "counts": roster_import.counts}


@contextmanager
def failing_on_error(roster_import: RosterImport) -> Iterator[None]:
    """An unexpected error marks the import failed (nothing stored) before the job fails."""
    try:
        yield
    except Exception:
        fail(roster_import)
        raise


def check_roster_job(job: Job) -> dict[str, Any] | None:
    """Check an uploaded roster; import it straight away if it asked for that and is valid."""
    roster_import = claim(job, {RosterImport.Status.UPLOADED}, RosterImport.Status.VALIDATING)
    if roster_import is None:
        return None
    with failing_on_error(roster_import):
        plan = preview_roster(
            organisation=roster_import.organisation,
            content=file_content(roster_import),
            filename=roster_import.original_name,
        )
    if plan.errors:
        finish(roster_import, RosterImport.Status.INVALID, plan)
    elif roster_import.commit_when_valid:
        finish(roster_import, RosterImport.Status.IMPORTING, plan, done=False)
        return commit_roster_job(job)
    else:
        finish(roster_import, RosterImport.Status.VALID, plan, done=False)
    return outcome(job, roster_import)


def commit_roster_job(job: Job) -> dict[str, Any] | None:
    """Store a confirmed roster, all or nothing; the import ends done, invalid or failed."""
    roster_import = claim(job, {RosterImport.Status.IMPORTING}, RosterImport.Status.IMPORTING)
    if roster_import is None:
        return None
    with failing_on_error(roster_import):
        try:
            with transaction.atomic():
                plan = import_roster(
                    organisation=roster_import.organisation,
                    content=file_content(roster_import),
                    filename=roster_import.original_name,
                )
                finish(roster_import, RosterImport.Status.DONE, plan)
        except RosterRejected as exc:
            finish(roster_import, RosterImport.Status.INVALID, exc.plan)
    return outcome(job, roster_import)
