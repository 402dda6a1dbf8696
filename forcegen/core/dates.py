"""Calendar arithmetic shared by apps: certificate validity, pledge renewals, rotation lengths."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the day's month (UN figures are as of a month's end)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
