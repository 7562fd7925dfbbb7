"""The `guestbook` command group: the options every command shares, and the program's entry.

Only click, the standard library and guestbook's registries are imported at module level, so
`guestbook --help` and `guestbook today` never pay for Textual (and `--help` not for SQLModel
either). The commands live in the modules beside this one.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from guestbook.cli.translated import TranslatedGroup, TranslatedPath
from guestbook.errors import UserError
from guestbook.i18n import N_, _, choose_language, set_language

if TYPE_CHECKING:
    from guestbook.bootstrap import Services
    from guestbook.settings import Settings


@dataclass
class Context:
    db_path: Path | None  # None when --db names a PostgreSQL server (db_url)
    today: dt.date | None
    staff: str
    site: str | None = None  # --site: this terminal's site, over the setting
    db_url: str | None = None

    def file(self) -> Path:
        """The database file, for the commands that work on the file itself; UserError on a
        server, whose own tools do that work."""
        if self.db_path is None:
            raise UserError(
                _(
                    "this command works on a database file; on a PostgreSQL server, use the "
                    "server's own tools (pg_dump, pg_restore)."
                )
            )
        return self.db_path

    def settings(self) -> Settings:
        from guestbook.paths import settings_path
        from guestbook.settings import SettingsError, load_settings, with_site

        try:
            settings = load_settings(settings_path())
            if self.site is not None:
                settings = with_site(settings, self.site)
        except SettingsError as error:
            raise UserError(str(error)) from None
        return settings

    def services(self) -> Services:
        from guestbook.bootstrap import make_server_services, make_services
        from guestbook.clock import make_clock

        if self.db_path is None:
            return make_server_services(
                self.db_url or "", make_clock(self.today), self.settings(), self.staff
            )
        return make_services(
            self.db_path,
            make_clock(self.today),
            self.settings(),
            self.staff,
            notify=lambda message: click.echo(message, err=True),
        )


# Set by main(), the program's own entry point, and not when tests call `cli` in their process.
_own_process = False


def freeze_imported_heap() -> None:
    if _own_process:
        from guestbook.bootstrap import freeze_imported_heap

        freeze_imported_heap()


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    from guestbook.clock import parse_today

    try:
        return parse_today(value)
    except ValueError as error:
        raise click.BadParameter(str(error).removeprefix("--today ")) from None


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--lang, read first (it is eager): the words of every later message depend on it."""
    if value:
        set_language(value)
    return value


@click.group(
    cls=TranslatedGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "guestbook: know your guests. Birthday calls, referrals and regulars for a "
        "restaurant.\n\nWithout a command, opens the app."
    ),
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    callback=_set_language,
    is_eager=True,
    expose_value=False,
    help=N_("Language: fr or en (default: the setting, GUESTBOOK_LANG, then the system's)."),
)
@click.option(
    "--db",
    "database",
    envvar="GUESTBOOK_DB",
    metavar="FILE|URL",
    help=N_(
        "Database file (default: in your user data folder), or a group's PostgreSQL database "
        "(postgresql+psycopg://user@host/database). Also GUESTBOOK_DB."
    ),
)
@click.option(
    "--today",
    callback=_parse_today,
    envvar="GUESTBOOK_TODAY",
    metavar="YYYY-MM-DD",
    help=N_("Pretend today is this date (demos, screenshots). Also GUESTBOOK_TODAY."),
)
@click.option("--staff", default="", envvar="GUESTBOOK_STAFF", help=N_("Your name, for the logs."))
@click.option(
    "--site",
    envvar="GUESTBOOK_SITE",
    metavar="NAME",
    help=N_(
        "This terminal's restaurant in a group: visits and calls are recorded as its "
        "(default: the site setting). Also GUESTBOOK_SITE."
    ),
)
@click.version_option(package_name="guestbook")
@click.pass_context
def cli(
    ctx: click.Context, database: str | None, today: dt.date | None, staff: str, site: str | None
) -> None:
    from guestbook.paths import default_db_path

    if database is not None and _names_a_server(database):
        ctx.obj = Context(None, today, staff, site, db_url=database)
        _run_app_unless_a_command(ctx)
        return
    # A file is checked as click checks a path option (a folder is refused, in the language).
    db_path = None if database is None else _database_file(database, ctx)
    if db_path is not None and not db_path.parent.is_dir():
        # A typo in a shortcut must not open an empty agenda in a folder made up for it (D12);
        # only the default database's folder is created.
        raise UserError(
            _("the folder {folder} does not exist: check --db {path} (nothing was created)").format(
                folder=db_path.parent, path=db_path
            )
        )
    ctx.obj = Context(db_path or default_db_path(), today, staff, site)
    _run_app_unless_a_command(ctx)


def _database_file(database: str, ctx: click.Context) -> Path:
    option = next(param for param in ctx.command.params if param.name == "database")
    file_type = TranslatedPath(path_type=Path, dir_okay=False)
    return cast("Path", file_type.convert(database, option, ctx))


def _run_app_unless_a_command(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        services = ctx.obj.services()
        from guestbook.bootstrap import make_app

        try:
            app = make_app(services)
            freeze_imported_heap()
            app.run()
        finally:
            services.close()


def _names_a_server(database: str) -> bool:
    """Whether --db was given a URL ("postgresql+psycopg://…"), not a file; a Windows drive
    ("C:/…") has a one-letter scheme. (A URL guestbook does not take is said so on opening.)"""
    scheme, colon, _rest = database.partition(":")
    return bool(colon) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


def _fail(message: str) -> NoReturn:
    # The program's name, as every command-line tool starts its errors: the same in French.
    click.echo("guestbook: " + message, err=True)
    sys.exit(1)


def startup_language() -> str:
    """The language before the command line is parsed (click's own words depend on it): the
    `language` setting, else GUESTBOOK_LANG, else the locale; --lang, read by click, wins."""
    from guestbook.paths import settings_path
    from guestbook.settings import SettingsError, load_settings

    try:
        setting = load_settings(settings_path()).language
    except SettingsError:
        setting = ""  # the command reports the settings file's problem, in this language
    try:
        return choose_language(setting)
    except ValueError:
        return "en"


def main(argv: list[str] | None = None) -> Any:
    global _own_process
    _own_process = True
    set_language(startup_language())
    try:
        return cli.main(args=argv, prog_name="guestbook", standalone_mode=True)
    except UserError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail(_("interrupted"))
