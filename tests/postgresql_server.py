"""The PostgreSQL server the tests may use (issue 19), and a fresh database on it per test.

The server is given by `pytest --postgresql URL` or GUESTBOOK_TEST_POSTGRESQL (a URL whose
user may create databases, e.g. postgresql://postgres@127.0.0.1:54329/postgres); `.ci/run`
starts a throwaway cluster and sets it. Without one, the tests marked `postgresql` are skipped
with that reason, and the end of the run says plainly that they ran on SQLite only: the
README's test command passes on a machine with no PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
OPTION = "--postgresql"
ENVIRONMENT = "GUESTBOOK_TEST_POSTGRESQL"
NOT_CONFIGURED = (
    f"PostgreSQL not configured, so the suite ran on SQLite only (give {OPTION} URL or set "
    f"{ENVIRONMENT}; .ci/run starts a server and does)"
)


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        metavar="URL",
        default=os.environ.get(ENVIRONMENT, ""),
        help=f"A PostgreSQL server for the tests marked postgresql (also {ENVIRONMENT}).",
    )


def server_url(config: pytest.Config) -> str:
    return str(config.getoption(OPTION) or "")


def _admin(config: pytest.Config) -> tuple[str, URL]:
    """The URL psycopg takes to create and drop databases, and the server's as SQLAlchemy's."""
    from sqlalchemy.engine import make_url

    url = server_url(config)
    if not url:
        pytest.skip(NOT_CONFIGURED)
    server = make_url(url)
    return server.set(drivername="postgresql").render_as_string(hide_password=False), server


def fresh_database(config: pytest.Config, template: str | None = None) -> Iterator[str]:
    """A new database on the server, its URL (postgresql+psycopg://…); dropped after. Empty,
    or a copy of `template` (a database already brought to the schema's head)."""
    import psycopg

    admin, server = _admin(config)
    name = f"guestbook_test_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copied}')
    try:
        yield server.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def schema_template(config: pytest.Config) -> Iterator[str]:
    """A database at the schema's head, made once for the run, which each test's database is
    copied from (CREATE DATABASE … TEMPLATE: a fraction of running the migrations each
    time); dropped at the end."""
    from guestbook.storage.postgresql.engine import make_postgresql_engine
    from guestbook.storage.postgresql.migrate import upgrade_postgresql

    for url in fresh_database(config):
        from sqlalchemy.engine import make_url

        engine = make_postgresql_engine(make_url(url))
        with engine.begin() as connection:
            upgrade_postgresql(connection)
        engine.dispose()  # a template must have no connection when it is copied
        yield str(make_url(url).database)


def summary_line(config: pytest.Config, skipped: int) -> str:
    url = server_url(config)
    if url:
        from sqlalchemy.engine import make_url

        shown = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL: the tests marked postgresql ran against {shown}"
    return f"PostgreSQL: {skipped} tests skipped. {NOT_CONFIGURED}"
