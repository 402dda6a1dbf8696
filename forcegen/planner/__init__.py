"""The rotation planner's pure core: who fills which slot, and why a slot stays empty.

No Django here: the app builds an Instance (eligibility already evaluated into roles and has),
calls solve() and stores the Plan. README.md beside this file explains the design.
"""

from .cpsat import Stage
from .explain import Enrolment, Fix, Part, Reason, Unfilled
from .instance import Instance, InstanceError, Person, Slot, TrainingClass, load_instance
from .plan import Assignment, Plan, plan_to_dict, solve

__all__ = [
    "Assignment",
    "Enrolment",
    "Fix",
    "Instance",
    "InstanceError",
    "Part",
    "Person",
    "Plan",
    "Reason",
    "Slot",
    "Stage",
    "TrainingClass",
    "Unfilled",
    "load_instance",
    "plan_to_dict",
    "solve",
]
