"""Dates typed on the command line, read as every typed date in guestbook is (day first)."""

from __future__ import annotations

import datetime as dt

import click

from guestbook.cli.main import Context


def typed_date(ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback for a date bounding an export or a report: `filter_date`'s reading
    (domain.dates), today being --today's; a clear message for what is not a date."""
    if not value:
        return None
    from guestbook.clock import make_clock
    from guestbook.domain.dates import DateError, filter_date

    obj = ctx.find_object(Context)
    today = make_clock(obj.today if obj is not None else None).today()
    try:
        return filter_date(value, today)
    except DateError as error:
        raise click.BadParameter(str(error)) from None
