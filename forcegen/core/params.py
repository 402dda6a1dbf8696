"""What every API request is checked against before a view runs: one place per kind of input.

Each kind of parameter has one type here (page numbers, object ids, years, months, dates), and
the parser bounds what any request may send (the size of a query value, a JSON body that must
be an object), so an out-of-range value is a 4xx in the error shape, never a crash deeper down.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser

from .keyset import CURSORS

# The largest id PostgreSQL and SQLite store (a signed 64-bit integer).
MAX_ID = 2**63 - 1
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)
MAX_PAGE = 1_000_000
# Longer than any name, code or search the product stores; a query value beyond it is refused.
MAX_QUERY_VALUE = 500
# A keyset cursor (`core.keyset`) holds a row's ordering values, a name of up to 200 letters
# among them: as base64 of UTF-8 it may pass 500 characters.
MAX_CURSOR = 2000

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]
Day = Annotated[datetime.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Month = Annotated[str, Field(pattern=r"^(19|20|21)\d\d-(0[1-9]|1[0-2])$", description="YYYY-MM")]


def _longest(key: str) -> int:
    return MAX_CURSOR if key in CURSORS else MAX_QUERY_VALUE


class BoundedParser(Parser):
    """Ninja's parser, refusing a JSON body that is not an object and oversized query values."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise HttpError(400, _("Send a JSON object as the request body."))
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        too_long = [
            {
                "loc": ("query", key),
                "msg": _("Send at most %(n)d characters.") % {"n": _longest(key)},
            }
            for key, values in data.lists()
            if any(isinstance(v, str) and len(v) > _longest(key) for v in values)
        ]
        if too_long:
            raise SchemaValidationError(too_long)
        return super().parse_querydict(data, list_fields, request)


# The default of a PATCH field that cannot be empty: absent leaves the value as it is, and its
# type (without None) makes an explicit null a 422 in the schema, not a database error.
UNCHANGED: Any = None
