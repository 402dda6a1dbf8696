"""Loading instances: defaults, extensions, and errors that name the bad field."""

from datetime import date
from typing import Any

import pytest

from forcegen.planner import InstanceError, load_instance


def base(**changes: Any) -> dict[str, Any]:
    return {
        "start": "2027-03-01",
        "end": "2028-02-29",
        "slots": [{"id": "S1", "role": "nurse"}],
        "people": [{"id": "P1", "sex": "F", "roles": ["nurse"]}],
        **changes,
    }


def test_defaults():
    instance = load_instance(base())
    (slot,), (person,) = instance.slots, instance.people
    assert (instance.min_female_share, instance.rest_days, instance.min_experienced) == (0, 0, 0)
    assert (slot.requires, slot.female_only, slot.start, slot.end) == (
        frozenset(),
        False,
        date(2027, 3, 1),
        date(2028, 2, 29),
    )
    assert person.female
    assert not person.experienced
    assert (person.has, person.last_return, person.unavailable) == (frozenset(), None, ())


def test_experienced_is_explicit_or_follows_deployments():
    people = [
        {"id": "a", "sex": "M", "roles": [], "deployments": 2},
        {"id": "b", "sex": "M", "roles": [], "deployments": 2, "experienced": False},
        {"id": "c", "sex": "M", "roles": [], "experienced": True},
    ]
    assert [p.experienced for p in load_instance(base(people=people)).people] == [
        True,
        False,
        True,
    ]


def test_slots_may_carry_their_own_period_and_classes_a_single_requirement():
    raw = base(
        slots=[{"id": "S1", "role": "nurse", "start": "2027-06-01", "end": "2028-05-31"}],
        classes=[{"id": "C", "gives": "cptm", "ends": "2027-05-01"}],
    )
    instance = load_instance(raw)
    assert instance.slots[0].start == date(2027, 6, 1)
    assert instance.classes[0].gives == frozenset({"cptm"})
    assert instance.classes[0].seats is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "the instance must be a JSON object"),
        ({k: v for k, v in base().items() if k != "people"}, "'people' is missing"),
        (base(start="2027-02-30"), "'start' must be a date YYYY-MM-DD, got '2027-02-30'"),
        (base(end="2027-01-01"), "'end' 2027-01-01 is before 'start' 2027-03-01"),
        (base(min_female_share=1.5), "'min_female_share' must be between 0 and 1, got 1.5"),
        (base(min_female_share="15%"), "'min_female_share' must be a number"),
        (base(rest_days=-1), "'rest_days' must be a whole number from 0 to 1,000,000,000, got -1"),
        (base(min_experienced=10**30), "'min_experienced' must be a whole number from 0 to"),
        (base(slots={}), "'slots' must be a list"),
        (base(slots=["S1"]), "slots[0] must be a JSON object"),
        (
            base(slots=[{"id": "S1", "role": "nurse"}, {"id": "S1", "role": "cook"}]),
            "slots[1] (id 'S1'): 'id' duplicates an earlier id in 'slots'",
        ),
        (base(slots=[{"id": "S1"}]), "slots[0] (id 'S1'): 'role' is missing (required)"),
        (
            base(slots=[{"id": "S1", "role": "nurse", "requires": "cptm"}]),
            "slots[0] (id 'S1'): 'requires' must be a list of non-empty strings",
        ),
        (
            base(slots=[{"id": "S1", "role": "nurse", "female_only": "yes"}]),
            "slots[0] (id 'S1'): 'female_only' must be true or false",
        ),
        (
            base(people=[{"id": "P1", "sex": "female", "roles": ["nurse"]}]),
            "people[0] (id 'P1'): 'sex' must be \"F\" or \"M\", got 'female'",
        ),
        (
            base(people=[{"id": "P1", "sex": "F", "roles": [""]}]),
            "people[0] (id 'P1'): 'roles' must not contain an empty string",
        ),
        (
            base(people=[{"id": "P1", "sex": "F", "roles": [], "deployments": 1.5}]),
            "people[0] (id 'P1'): 'deployments' must be a whole number",
        ),
        (
            base(people=[{"id": "P1", "sex": "F", "roles": [], "unavailable": [["2027-01-01"]]}]),
            "people[0] (id 'P1'): 'unavailable' must be a list of [from, to] date pairs",
        ),
        (
            base(
                people=[
                    {
                        "id": "P1",
                        "sex": "F",
                        "roles": [],
                        "unavailable": [["2027-02-01", "2027-01-01"]],
                    }
                ]
            ),
            "'unavailable' has a period that ends before it begins",
        ),
        (
            base(people=[{"id": "P1", "sex": "F", "roles": [], "language_score": "B2"}]),
            "people[0] (id 'P1'): 'language_score' must be a number, got 'B2'",
        ),
        (base(people=[{"sex": "F", "roles": []}]), "people[0]: 'id' is missing (required)"),
        (
            base(classes=[{"id": "C", "gives": "cptm", "ends": "soon"}]),
            "classes[0] (id 'C'): 'ends' must be a date YYYY-MM-DD, got 'soon'",
        ),
        (
            base(classes=[{"id": "C", "gives": "cptm", "ends": "2027-01-01", "seats": -3}]),
            "classes[0] (id 'C'): 'seats' must be a whole number from 0 to 1,000,000,000, got -3",
        ),
    ],
)
def test_errors_name_the_field(raw, message):
    with pytest.raises(InstanceError) as error:
        load_instance(raw)
    assert message in str(error.value)
