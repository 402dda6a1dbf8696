"""The hard rules a person's record decides, and the women's share as an exact ratio.

Role, requirements and sex are matched per class in reduce.py.
"""

from datetime import date
from fractions import Fraction

from .instance import Person


def rested(person: Person, start: date, rest_days: int) -> bool:
    """Back long enough before the start; never deployed (no last_return) is always rested."""
    return person.last_return is None or (start - person.last_return).days >= rest_days


def unavailable_during(person: Person, start: date, end: date) -> bool:
    """Some unavailable period overlaps [start, end], both ends inclusive."""
    return any(first <= end and last >= start for first, last in person.unavailable)


def available(person: Person, start: date, end: date, rest_days: int) -> bool:
    return rested(person, start, rest_days) and not unavailable_during(person, start, end)


def share_ratio(share: float) -> tuple[int, int]:
    """The share as numerator/denominator, so that women * den >= num * filled is exact."""
    ratio = Fraction(share).limit_denominator(10_000)
    return ratio.numerator, ratio.denominator


def share_allows(women: int, filled: int, share: float) -> bool:
    num, den = share_ratio(share)
    return women * den >= num * filled
