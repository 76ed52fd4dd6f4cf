"""Jalali (Solar Hijri) dates found in Persian corpora, converted to Gregorian with jdatetime.

Recognised forms (all give ``date_jalali`` as ``"YYYY/MM/DD"`` with ASCII digits):

- written dates ``1387/07/06``, ``1387-7-6``, ``۱۳۸۷/۰۷/۰۶``;
- Fars News link ids: ``.../news/8707060255`` (``YYMMDD`` + serial, years 13YY) and
  ``.../news/13940715000123`` (``YYYYMMDD`` + serial); Fars News began in 1382 (2003), so an id
  whose year would be earlier (``6011171294``) is not read as a date;
- Hamshahri-2 document ids ``HAM2-811011-007`` (``YYMMDD`` of 13YY).

Gregorian dates (ISO ``2014-09-23``, ``2014-09-23T03:48:23`` as in TNews, ``2014/09/23``, in
Latin or Persian digits, or a date object from a Parquet column) are read too and get their
Jalali date with :func:`to_jalali`.
"""

from __future__ import annotations

import datetime
import re

import pandas as pd

_WRITTEN = re.compile(r"(1[34]\d\d)\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
_FARS_LINK = re.compile(r"/news/(1[34]\d{6}|(?:8[2-9]|9\d)\d{4})\d+")
_HAMSHAHRI_ID = re.compile(r"HAM\d?-(\d{6})-\d+")
_ISO = re.compile(r"((?:19|20)\d\d)\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")
_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def _format(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}/{month:02d}/{day:02d}"
    return None


def _from_digits(digits: str) -> str | None:
    if len(digits) == 8:
        return _format(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    return _format(1300 + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))


def jalali_from_text(value: object) -> str | None:
    """A Jalali date written in ``value`` (``1387/07/06``, Persian digits too), or None."""
    if not isinstance(value, str):
        return None
    match = _WRITTEN.search(value.translate(_TO_ASCII))
    return _format(*map(int, match.groups())) if match else None


def jalali_from_fars_link(link: object) -> str | None:
    """The Jalali date coded in a Fars News link id, or None."""
    if not isinstance(link, str) or "farsnews" not in link:
        return None
    match = _FARS_LINK.search(link)
    return _from_digits(match.group(1)) if match else None


def jalali_from_hamshahri_id(doc_id: object) -> str | None:
    """The Jalali date in a Hamshahri-2 id such as ``HAM2-811011-007`` (1381/10/11), or None."""
    if not isinstance(doc_id, str):
        return None
    match = _HAMSHAHRI_ID.search(doc_id)
    return _from_digits(match.group(1)) if match else None


def to_gregorian(jalali: str | None) -> pd.Timestamp:
    """Gregorian date of ``"YYYY/MM/DD"`` (Jalali), or ``NaT`` when missing or impossible."""
    import jdatetime

    if not jalali:
        return pd.NaT
    year, month, day = map(int, jalali.split("/"))
    try:
        return pd.Timestamp(jdatetime.date(year, month, day).togregorian())
    except ValueError:
        return pd.NaT


def gregorian_from_text(value: object) -> pd.Timestamp | None:
    """A Gregorian date at the start of ``value``, or None: ``YYYY-MM-DD`` (ISO, with a time or
    not), ``YYYY/MM/DD`` or ``YYYY.MM.DD``, years 1900-2099, in Latin or Persian digits; or a
    date/datetime object (a Parquet or Excel date column), its day."""
    if isinstance(value, datetime.date):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else stamp.normalize().tz_localize(None)
    if not isinstance(value, str):
        return None
    match = _ISO.match(value.strip().translate(_TO_ASCII))
    if not match:
        return None
    year, _sep, month, day = match.groups()
    try:
        return pd.Timestamp(int(year), int(month), int(day))
    except ValueError:
        return None


def to_jalali(date: pd.Timestamp) -> str:
    """The Jalali ``"YYYY/MM/DD"`` of a Gregorian date."""
    import jdatetime

    day = jdatetime.date.fromgregorian(date=date.date())
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
