"""Dates as the captures and the command line write them."""

from __future__ import annotations

import datetime as dt
import re

from reader.core.errors import BadDate

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def parse_iso(text: str) -> dt.date:
    """A strict YYYY-MM-DD date; anything else is a BadDate."""
    if not isinstance(text, str) or not _ISO.match(text.strip()):
        raise BadDate(str(text))
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(text) from None


def parse_register_date(text: str) -> dt.date:
    """The register's DD-MM-YYYY."""
    try:
        return dt.datetime.strptime(text.strip(), "%d-%m-%Y").date()
    except ValueError:
        raise BadDate(text) from None


def known_by(captured: str) -> dt.date:
    """The latest day by which a capture dated `captured` certainly existed.

    Some captures are dated only to the year ("2022"); such a text is known to
    exist by the end of that year, and no earlier claim is made for it.
    """
    if _YEAR.match(captured):
        return dt.date(int(captured), 12, 31)
    return parse_iso(captured)
