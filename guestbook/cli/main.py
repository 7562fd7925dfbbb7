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
from typing import TYPE_CHECKING, Any, NoReturn

import click

from guestbook.errors import UserError

if TYPE_CHECKING:
    from guestbook.bootstrap import Services
    from guestbook.settings import Settings


@dataclass
class Context:
    db_path: Path
    today: dt.date | None
    staff: str

    def settings(self) -> Settings:
        from guestbook.paths import settings_path
        from guestbook.settings import SettingsError, load_settings

        try:
            return load_settings(settings_path())
        except SettingsError as error:
            raise UserError(str(error)) from None

    def services(self) -> Services:
        from guestbook.bootstrap import make_services
        from guestbook.clock import make_clock

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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="GUESTBOOK_DB",
    help="Database file (default: in your user data folder). Also GUESTBOOK_DB.",
)
@click.option(
    "--today",
    callback=_parse_today,
    envvar="GUESTBOOK_TODAY",
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (demos, screenshots). Also GUESTBOOK_TODAY.",
)
@click.option("--staff", default="", envvar="GUESTBOOK_STAFF", help="Your name, for the logs.")
@click.version_option(package_name="guestbook")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, today: dt.date | None, staff: str) -> None:
    """guestbook: know your guests. Birthday calls, referrals and regulars for a restaurant.

    Without a command, opens the app.
    """
    from guestbook.paths import default_db_path

    ctx.obj = Context(db_path or default_db_path(), today, staff)
    if ctx.invoked_subcommand is None:
        services = ctx.obj.services()
        from guestbook.bootstrap import make_app

        try:
            app = make_app(services)
            freeze_imported_heap()
            app.run()
        finally:
            services.close()


def _fail(message: str) -> NoReturn:
    click.echo(f"guestbook: {message}", err=True)
    sys.exit(1)


def main(argv: list[str] | None = None) -> Any:
    global _own_process
    _own_process = True
    try:
        return cli.main(args=argv, prog_name="guestbook", standalone_mode=True)
    except UserError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted")
