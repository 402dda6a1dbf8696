"""Document numbers: a type's pattern (e.g. `{number}/{year}/{type}-{issuer}`) checked and parsed.

Viet Nam writes normative documents `61/2021/NĐ-CP` and individual ones `1897/QĐ-TTg`; Laos writes
`136/PM` with the date apart. A pattern names the parts with tokens; everything else is literal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TOKENS = ("number", "year", "type", "issuer")
_TOKEN = re.compile(r"\{(" + "|".join(TOKENS) + r")\}")


@dataclass(frozen=True)
class ParsedNumber:
    sequence: int
    year: int | None


def normalise(number: str) -> str:
    """One spelling of a number: composed Unicode (NĐ typed two ways is one symbol), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", number))


def _regex(pattern: str, *, type_symbol: str, issuer_code: str) -> re.Pattern[str]:
    parts = {
        "number": r"(?P<number>0*[1-9][0-9]*)",
        "year": r"(?P<year>(19|20)[0-9]{2})",
        "type": re.escape(normalise(type_symbol)),
        "issuer": re.escape(normalise(issuer_code)),
    }
    pieces: list[str] = []
    position = 0
    for match in _TOKEN.finditer(pattern):
        pieces.append(re.escape(pattern[position : match.start()]))
        pieces.append(parts[match.group(1)])
        position = match.end()
    pieces.append(re.escape(pattern[position:]))
    return re.compile("^" + "".join(pieces) + "$")


def parse(number: str, *, pattern: str, type_symbol: str, issuer_code: str) -> ParsedNumber | None:
    """The sequence number and year a document number carries, or None if it does not fit."""
    match = _regex(pattern, type_symbol=type_symbol, issuer_code=issuer_code).match(
        normalise(number)
    )
    if match is None:
        return None
    year = match.groupdict().get("year")
    return ParsedNumber(sequence=int(match.group("number")), year=int(year) if year else None)


def example(pattern: str, *, type_symbol: str, issuer_code: str, sequence: int, year: int) -> str:
    """The pattern filled in, e.g. `12/2026/NĐ-CP`: what a refusal shows as the expected form."""
    values = {
        "number": str(sequence),
        "year": str(year),
        "type": type_symbol,
        "issuer": issuer_code,
    }
    return _TOKEN.sub(lambda m: values[m.group(1)], pattern)


def is_valid_pattern(pattern: str) -> bool:
    """A pattern needs a {number}; braces may only name known tokens."""
    leftover = _TOKEN.sub("", pattern)
    return "{number}" in pattern and "{" not in leftover and "}" not in leftover
