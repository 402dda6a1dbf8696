"""The planner's explanations worded in the reader's language: why a slot stays empty, what
enrolments would fill it, what the records say about it, and the notices on the whole plan.

The planner gives data (coded clauses with their counts, names and dates; see
`forcegen.planner.explain`) and `services.store_plan` keeps it with the names turned into
records' words. Pages and the API word it here, when read: counts through ngettext, slot titles
through the shared vocabulary, dates as the other pages show them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from forcegen.core.models import Term
from forcegen.core.terms import term
from forcegen.deployments.models import Rotation

from .models import Proposal

Rotations = Mapping[int, Rotation]


def why_empty(proposal: Proposal, rotations: Rotations) -> str:
    """Why the planner left the proposal's slot empty (needs `slot` loaded); "" if it did not."""
    data = proposal.explanation
    if not data:
        return proposal.reason  # a plan stored before explanations were data: its sentence
    role = term(Term.Kind.POSITION, proposal.slot.title)
    holders = int(data["holders"])
    if not holders:
        return _("No one on the roster holds the role %(role)s.") % {"role": role}
    reasons = "; ".join(_part(part, rotations) for part in data["parts"])
    text = ngettext(
        "%(count)d person holds the role %(role)s: %(reasons)s.",
        "%(count)d people hold the role %(role)s: %(reasons)s.",
        holders,
    ) % {"count": holders, "role": role, "reasons": reasons}
    if data.get("overlap"):
        text += " " + _("(One person can be counted under several reasons.)")
    return text


def fix_lines(proposal: Proposal) -> list[str]:
    """What would fill the slot: enrolments that make a person eligible in time."""
    return [_fix(fix) for fix in proposal.fixes]


def note_lines(proposal: Proposal) -> list[str]:
    """What the records said about the empty slot when the plan was made (`services.gap_notes`):
    how many hold the specialty, how many eligible people other units hold, who is closest."""
    return [_note(note) for note in proposal.notes]


def notice_lines(plan: Mapping[str, Any]) -> list[str]:
    """The planner's notices on the whole plan (the English message of older plans)."""
    if "notices" not in plan:
        return [plan["message"]] if plan.get("message") else []
    return [_notice(notice) for notice in plan["notices"]]


def requirement_text(requirement: Mapping[str, Any]) -> str:
    """A required course, with the day it must be valid through when the plan needs one."""
    if requirement.get("through"):
        return _("%(course)s valid to %(day)s") % {
            "course": requirement["course"],
            "day": _day(requirement["through"]),
        }
    return str(requirement["course"])


def _day(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "Y-m-d")


def _percent(value: float) -> str:
    return f"{value:g}"


def _role(role: Mapping[str, Any], rotations: Rotations) -> str:
    title = term(Term.Kind.POSITION, role["title"])
    rotation = rotations.get(role["rotation"]) if role.get("rotation") else None
    if rotation is None:
        return title
    return _("%(role)s (%(rotation)s)") % {"role": title, "rotation": rotation}


def _part(part: Mapping[str, Any], rotations: Rotations) -> str:
    n = int(part["n"])
    wording = _PARTS.get(part["code"])
    return wording(n, part, rotations) if wording else ""


def _lacks(n: int, part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext("%(count)d lacks %(requirement)s", "%(count)d lack %(requirement)s", n) % {
        "count": n,
        "requirement": requirement_text(part["requirement"]),
    }


def _resting(n: int, part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext(
        "%(count)d returned from deployment less than %(days)d days before the start on "
        "%(start)s (rest period)",
        "%(count)d returned from deployment less than %(days)d days before the start on "
        "%(start)s (rest period)",
        n,
    ) % {"count": n, "days": int(part["days"]), "start": _day(part["start"])}


def _unavailable(n: int, part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext(
        "%(count)d is unavailable during part of %(start)s to %(end)s",
        "%(count)d are unavailable during part of %(start)s to %(end)s",
        n,
    ) % {"count": n, "start": _day(part["start"]), "end": _day(part["end"])}


def _men(n: int, _part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext(
        "%(count)d is a man and the slot is women-only",
        "%(count)d are men and the slot is women-only",
        n,
    ) % {"count": n}


def _assigned(n: int, part: Mapping[str, Any], rotations: Rotations) -> str:
    where = ", ".join(
        ngettext("%(count)d as %(role)s", "%(count)d as %(role)s", int(role["n"]))
        % {"count": int(role["n"]), "role": _role(role, rotations)}
        for role in part["roles"]
    )
    return ngettext(
        "%(count)d is eligible but already assigned to another slot (%(where)s)",
        "%(count)d are eligible but already assigned to other slots (%(where)s)",
        n,
    ) % {"count": n, "where": where}


def _share(n: int, part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext(
        "%(count)d eligible man is free, but one more man would bring the women's share "
        "below %(percent)s%%",
        "%(count)d eligible men are free, but one more man would bring the women's share "
        "below %(percent)s%%",
        n,
    ) % {"count": n, "percent": _percent(float(part["percent"]))}


def _unplaced(n: int, _part: Mapping[str, Any], _rotations: Rotations) -> str:
    return ngettext(
        "%(count)d is eligible and free but not placed: the search stopped at the time limit "
        "before it proved the best fill",
        "%(count)d are eligible and free but not placed: the search stopped at the time limit "
        "before it proved the best fill",
        n,
    ) % {"count": n}


_PARTS: dict[str, Callable[[int, Mapping[str, Any], Rotations], str]] = {
    "lacks": _lacks,
    "resting": _resting,
    "unavailable": _unavailable,
    "men": _men,
    "assigned": _assigned,
    "share": _share,
    "unplaced": _unplaced,
}


def _fix(fix: Mapping[str, Any]) -> str:
    if "enrolments" not in fix:
        return str(fix.get("text", ""))  # a plan stored before fixes were data
    person = (
        _("%(person)s (%(number)s)") % {"person": fix["name"], "number": fix["person"]}
        if fix.get("name")
        else fix["person"]
    )
    classes = "; ".join(
        _("class %(class)s (gives %(gives)s; ends %(ends)s)")
        % {
            "class": enrolment["class"],
            "gives": ", ".join(requirement_text(g) for g in enrolment["gives"]),
            "ends": _day(enrolment["ends"]),
        }
        for enrolment in fix["enrolments"]
    )
    return ngettext(
        "Enrolling %(person)s in %(classes)s makes them eligible: the class ends before the "
        "start on %(start)s.",
        "Enrolling %(person)s in %(classes)s makes them eligible: the classes all end before "
        "the start on %(start)s.",
        len(fix["enrolments"]),
    ) % {"person": person, "classes": classes, "start": _day(fix["start"])}


def _in_language(said: Mapping[str, Any]) -> Any:
    """What was stored in each language, in the reader's (else English)."""
    language = (get_language() or "en").split("-")[0]
    return said.get(language) or said.get("en")


def _note(note: str | Mapping[str, Any]) -> str:
    if isinstance(note, str):
        return note  # a plan stored before notes were data: its sentence
    code = note["code"]
    n = int(note.get("n", 0))
    if code == "specialty":
        return ngettext(
            "%(count)d person of the organisation holds the specialty %(specialty)s.",
            "%(count)d people of the organisation hold the specialty %(specialty)s.",
            n,
        ) % {"count": n, "specialty": _in_language(note["specialty"])}
    if code == "elsewhere":
        return ngettext(
            "%(count)d eligible person holds a slot of another unit over the same period.",
            "%(count)d eligible people hold slots of other units over the same period.",
            n,
        ) % {"count": n}
    if code == "close":
        return _("Close to eligible: %(person)s (%(number)s): %(failures)s.") % {
            "person": note["person"],
            "number": note["number"],
            "failures": "; ".join(_in_language(note["failures"])),
        }
    return ""


def _notice(notice: Mapping[str, Any]) -> str:
    code = notice["code"]
    if code == "greedy_fallback":
        return _("The optimiser found no plan within the time limit: this is the quick plan.")
    if code == "share_impossible":
        return _(
            "No plan can reach a women's share of %(percent)s%%: no woman fits any slot, so no "
            "slot is filled. Lower the share or make women eligible."
        ) % {"percent": _percent(float(notice["percent"]))}
    if code == "few_experienced":
        n = int(notice["n"])
        return ngettext(
            "Only %(count)d experienced person is in the plan; %(minimum)d were asked for.",
            "Only %(count)d experienced people are in the plan; %(minimum)d were asked for.",
            n,
        ) % {"count": n, "minimum": int(notice["minimum"])}
    return ""


def word(proposals: list[Proposal], rotations: Rotations) -> list[Proposal]:
    """Give each proposal `why` (why the planner left it empty, "" when it is filled),
    `fix_texts` and `note_texts` in the active language, for pages and the API."""
    for proposal in proposals:
        empty = proposal.person_id is None
        proposal.why = why_empty(proposal, rotations) if empty else ""
        proposal.fix_texts = fix_lines(proposal) if empty else []
        proposal.note_texts = note_lines(proposal) if empty else []
    return proposals
