"""A database named by URL rather than by file (issue 19): which ones guestbook takes, and how
one is shown without its password.

guestbook speaks to PostgreSQL through psycopg 3 only (SQLAlchemy's `postgresql+psycopg`);
`postgresql://` and `postgres://`, as PostgreSQL's own tools and hosting providers write them,
mean the same server and are read so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

POSTGRESQL_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


class DatabaseUrlError(ValueError):
    """A URL guestbook cannot use, said so that the owner can correct it."""


def postgresql_url(value: str) -> URL:
    """`value` as SQLAlchemy's URL for psycopg 3; DatabaseUrlError when it is not a
    PostgreSQL URL or names no database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not value.startswith(POSTGRESQL_SCHEMES):
        scheme = value.partition("://")[0]
        raise DatabaseUrlError(
            _(
                "{scheme}:// is not a database guestbook can use: give a file, or a PostgreSQL "
                "URL such as postgresql+psycopg://user@host/database"
            ).format(scheme=scheme)
        )
    try:
        url = make_url("postgresql+psycopg://" + value.partition("://")[2])
    except ArgumentError as error:
        message = _("this database URL cannot be read: {error}").format(error=error)
        raise DatabaseUrlError(message) from None
    if not url.database:
        raise DatabaseUrlError(
            _("the URL names no database: add it after the server, as in {example}").format(
                example="postgresql+psycopg://user@host/guestbook"
            )
        )
    return url


def shown(url: URL) -> str:
    """The URL as messages and logs show it: the password hidden."""
    return url.render_as_string(hide_password=True)
