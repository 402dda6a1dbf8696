"""A unit's readiness gaps in plain words: empty slots, holders who fail a rule (a sentence per
rule, naming what the requirement asks), the women's share, missing or broken equipment."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import get_language, ngettext_lazy

from forcegen.core.models import Term
from forcegen.core.terms import term
from forcegen.personnel.eligibility import Rule
from forcegen.personnel.models import Requirement

from .models import EquipmentLine

if TYPE_CHECKING:
    from .readiness import UnitReadiness


# A board of many units says the same few sentences many times: translations are looked up once
# per language (same names as Django's, so `makemessages` still finds the strings).
@lru_cache(maxsize=4096)
def _translated(message: str, plural: str, count: int, language: str | None) -> str:
    if not plural:
        return translation.gettext(message)
    return translation.ngettext(message, plural, count)


def _(message: str) -> str:
    return _translated(message, "", 0, get_language())


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translated(singular, plural, count, get_language())


# What a rule's failure means for a unit, in words a planner can act on; %(items)s lists what the
# requirement asks for under that rule. Rules this table does not know get a generic sentence.
RULE_GAPS: dict[str, Any] = {
    "ActiveStatus": ngettext_lazy(
        "%(count)d person is not on active status",
        "%(count)d people are not on active status",
        "count",
    ),
    "HasSpecialty": ngettext_lazy(
        "%(count)d person lacks the specialty of the slot (%(title)s)",
        "%(count)d people lack the specialty of their slots (%(title)s)",
        "count",
    ),
    "WomenOnly": ngettext_lazy(
        "%(count)d man holds a slot reserved for women (%(title)s)",
        "%(count)d men hold slots reserved for women (%(title)s)",
        "count",
    ),
    "RankRange": ngettext_lazy(
        "%(count)d person is outside the rank range of the slot (%(title)s)",
        "%(count)d people are outside the rank range of their slots (%(title)s)",
        "count",
    ),
    "AgeRange": ngettext_lazy(
        "%(count)d person is outside the age range of the slot (%(title)s)",
        "%(count)d people are outside the age range of their slots (%(title)s)",
        "count",
    ),
    "CredentialsValid": ngettext_lazy(
        "%(count)d person lacks a credential valid through the period: %(items)s",
        "%(count)d people lack a credential valid through the period: %(items)s",
        "count",
    ),
    "LanguagesAtLevel": ngettext_lazy(
        "%(count)d person lacks the language level required: %(items)s",
        "%(count)d people lack the language level required: %(items)s",
        "count",
    ),
    "Available": ngettext_lazy(
        "%(count)d person is unavailable during the period",
        "%(count)d people are unavailable during the period",
        "count",
    ),
    "CoursesCertified": ngettext_lazy(
        "%(count)d person lacks a valid certificate for %(items)s",
        "%(count)d people lack a valid certificate for %(items)s",
        "count",
    ),
}
# Rules that list items of the requirement: the requirement's reverse relation holding them.
RULE_ITEMS = {
    "CredentialsValid": "credentials",
    "LanguagesAtLevel": "languages",
    "CoursesCertified": "courses",
}
# Rules whose sentence names the position.
TITLED_RULES = {"HasSpecialty", "WomenOnly", "RankRange", "AgeRange"}


def _rule_key(rule: Rule) -> str:
    return type(rule).__name__


@dataclass
class Gap:
    kind: str
    count: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "text": self.text}


def serviceable_count(line: EquipmentLine) -> int:
    return int(getattr(line, "serviceable_count", 0))


def held_count(line: EquipmentLine) -> int:
    return int(getattr(line, "held_count", 0))


def gaps_of(readiness: UnitReadiness) -> list[Gap]:
    """Every gap, by kind: empty slots, eligibility, women, equipment."""
    gaps: list[Gap] = []
    for line in sorted(readiness.positions.values(), key=lambda p: -(p.total - p.filled)):
        empty = line.total - line.filled
        if empty:
            text = ngettext(
                "%(count)d %(title)s slot empty", "%(count)d %(title)s slots empty", empty
            ) % {"count": empty, "title": term(Term.Kind.POSITION, line.title)}
            gaps.append(Gap("vacancy", empty, text))
    if readiness.not_eligible:
        count = readiness.not_eligible
        text = ngettext(
            "%(count)d person holds a slot without being eligible for it",
            "%(count)d people hold slots without being eligible for them",
            count,
        ) % {"count": count}
        gaps.append(Gap("not_eligible", count, text))
    for key, count in readiness.failures.most_common():
        gaps.append(Gap("eligibility", count, failure_sentence(key, count)))
    share = readiness.women_share
    if share is not None and share * 100 < readiness.unit.women_target:
        gaps.append(
            Gap(
                "women",
                readiness.women,
                _("Women hold %(share)d%% of the filled slots; the target is %(target)d%%")
                % {"share": round(share * 100), "target": readiness.unit.women_target},
            )
        )
    for required in readiness.equipment:
        held, serviceable = held_count(required), serviceable_count(required)
        item = term(Term.Kind.EQUIPMENT, required.item)
        if held < required.quantity:
            missing = required.quantity - held
            gaps.append(
                Gap(
                    "equipment",
                    missing,
                    _("%(missing)d %(item)s missing (%(held)d of %(required)d held)")
                    % {
                        "missing": missing,
                        "item": item,
                        "held": held,
                        "required": required.quantity,
                    },
                )
            )
        if serviceable < held:
            gaps.append(
                Gap(
                    "equipment",
                    held - serviceable,
                    _("%(broken)d of %(held)d %(item)s unserviceable")
                    % {"broken": held - serviceable, "held": held, "item": item},
                )
            )
    return gaps


def _items(requirement: Requirement, key: str) -> str:
    relation = RULE_ITEMS.get(key)
    if relation is None or not hasattr(requirement, relation):
        return ""
    names = [str(child) for child in getattr(requirement, relation).all()]
    if len(names) > 1:
        return _("at least one of %(items)s") % {"items": ", ".join(names)}
    return names[0] if names else ""


def failure_key(rule: Rule, requirement: Requirement, title: str) -> tuple[str, str, str]:
    """What makes two failures the same gap: the rule, what it asks, and the position when the
    sentence names it (specialty, rank, age, women only)."""
    key = _rule_key(rule)
    return key, _items(requirement, key), title if key in TITLED_RULES else ""


def failure_sentence(key: tuple[str, str, str], count: int) -> str:
    return _failure_sentence(key, count, get_language())


@lru_cache(maxsize=4096)
def _failure_sentence(key: tuple[str, str, str], count: int, language: str | None) -> str:
    rule, items, title = key
    template = RULE_GAPS.get(rule)
    if template is None:
        return ngettext(
            "%(count)d person fails the rule %(rule)s",
            "%(count)d people fail the rule %(rule)s",
            count,
        ) % {"count": count, "rule": rule}
    return str(
        template % {"count": count, "items": items, "title": term(Term.Kind.POSITION, title)}
    )
