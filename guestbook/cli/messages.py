"""`guestbook message …`: write a message for an audience, see its plan (who each channel
reaches, who is left out and why) before anything is sent, list the messages.

`--json` gives product.md's contract, the same in every language; the text says the counts the
language's way and lists the guests left out, so the owner can phone those who can be phoned.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guestbook.cli.dates import typed_date
from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.cli.translated import TranslatedGroup, TranslatedPath
from guestbook.domain.channels import BY_KEY as CHANNELS_BY_KEY
from guestbook.domain.deliveries import DELIVERY_STATE_LABELS
from guestbook.domain.purposes import BY_KEY as PURPOSES_BY_KEY
from guestbook.domain.purposes import PURPOSES
from guestbook.domain.reach import LEFT_OUT_LABELS
from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text, ngettext, number

if TYPE_CHECKING:
    from guestbook.bootstrap import Services
    from guestbook.services.messages import MessagePlan, MessageSummary
    from guestbook.services.messages.send import SendResult

SHOWN_LEFT_OUT = 20  # guests left out listed by name in the text; --json lists them all


@cli.group("message", cls=TranslatedGroup, help=N_("Write to guests: compose, plan, send, list."))
def message() -> None:
    pass


@message.command(
    "new",
    help=N_(
        "Record a message for the guests the filters choose and print its plan; nothing is "
        "sent. Filters combine (all must hold); --all chooses everyone."
    ),
)
@click.option(
    "--purpose", type=click.Choice(PURPOSES), required=True, help=N_("incident or relational.")
)
@click.option("--subject", required=True, help=N_("The subject (emails, letters)."))
@click.option(
    "--body-file",
    type=TranslatedPath(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help=N_(
        "A UTF-8 text file with the message; placeholders {first_name}, {last_name}, {restaurant}, {last_visit}."
    ),
)
@click.option(
    "--visited-from",
    callback=typed_date,
    metavar="DATE",
    help=N_("Guests who visited from this day…"),
)
@click.option(
    "--visited-to", callback=typed_date, metavar="DATE", help=N_("…to this day (both needed).")
)
@click.option(
    "--postcode",
    "postcodes",
    multiple=True,
    metavar="PREFIX",
    help=N_("Postcodes starting so (repeat for several)."),
)
@click.option(
    "--last-visit-since",
    callback=typed_date,
    metavar="DATE",
    help=N_("Last visit on or after this day."),
)
@click.option(
    "--last-visit-before",
    callback=typed_date,
    metavar="DATE",
    help=N_("Last visit before this day."),
)
@click.option("--regulars", is_flag=True, help=N_("Regulars only."))
@click.option("--late-regulars", is_flag=True, help=N_("Regulars late by their own rhythm only."))
@click.option(
    "--birth-month",
    type=click.IntRange(1, 12),
    metavar="MONTH",
    help=N_("Birthday in this month (1-12)."),
)
@click.option("--sponsors", is_flag=True, help=N_("Guests who brought friends only."))
@click.option("--all", "everyone", is_flag=True, help=N_("Every guest."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def new(obj: Context, /, purpose: str, subject: str, body_file: Path, as_json: bool, **filters: Any) -> None:  # fmt: skip
    from guestbook.domain.audience import Audience
    from guestbook.services.messages import MessageDraft, new_message

    filters["postcodes"] = tuple(filters["postcodes"])
    draft = MessageDraft(purpose, subject, _read_body(body_file), Audience(**filters))
    services = obj.services()
    try:
        plan = new_message(services, draft)
        _echo_plan(services, plan, as_json)
    finally:
        services.close()


@message.command(
    "plan", help=N_("Who the message reaches, by which channel, who is left out and why.")
)
@click.argument("message_id", type=int)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def plan_(obj: Context, message_id: int, as_json: bool) -> None:
    from guestbook.services.messages import plan_message

    services = obj.services()
    try:
        _echo_plan(services, plan_message(services, message_id), as_json)
    finally:
        services.close()


@message.command(
    "send",
    help=N_(
        "Send what is not sent yet: emails, SMS (news only at the allowed hours), letters into "
        "one PDF, calls onto the agenda. Sending again never writes to a guest twice; what "
        "failed is tried again."
    ),
)
@click.argument("message_id", type=int)
@click.option(
    "--output",
    type=TranslatedPath(path_type=Path, file_okay=False, exists=True),
    help=N_("Folder for the letters' PDF and an SMS file (default: the current folder)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def send(obj: Context, message_id: int, output: Path | None, as_json: bool) -> None:
    from guestbook.services.messages.send import send_message

    progress = TerminalProgress(_("Sending"))
    services = obj.services()
    try:
        result = send_message(services, message_id, output_dir=output, progress=progress)
    finally:
        progress.finish()
        services.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    click.echo(render_sent(result, services.settings.time_zone))


def render_sent(result: SendResult, zone: str) -> str:
    """What the send did (its counts are this send's), then what waits in all: a send again
    while SMS are held, or letters and calls handed over before, queues none of its own."""
    from zoneinfo import ZoneInfo

    lines = [
        _(
            "Message {id}: {sent} sent, {failed} failed, {queued} queued, {skipped} left out."
        ).format(
            id=result.message_id,
            sent=number(result.sent),
            failed=number(result.failed),
            queued=number(result.queued),
            skipped=number(result.skipped),
        )
    ]
    if result.waiting > result.queued:
        lines.append(
            ngettext(
                "In all {count} guest is waiting or handed over (SMS held for their hours, "
                "letters, calls).",
                "In all {count} guests are waiting or handed over (SMS held for their hours, "
                "letters, calls).",
                result.waiting,
            ).format(count=number(result.waiting))
        )
    if result.next_sms_at is not None:
        moment = result.next_sms_at.astimezone(ZoneInfo(zone))
        lines.append(
            _("The SMS wait for the hours news may be sent at: from {day} at {time}.").format(
                day=date_text(moment.date(), "weekday"), time=moment.strftime("%H:%M")
            )
        )
    if result.letters is not None:
        lines.append(_("Letters to print: {file}").format(file=result.letters))
    if result.sms_file is not None:
        lines.append(_("SMS file for the gateway: {file}").format(file=result.sms_file))
    lines += [_("Not sent: {problem}").format(problem=problem) for problem in result.problems]
    if result.failed:
        lines.append(
            _("`guestbook message send {id}` again tries what failed.").format(id=result.message_id)
        )
    return "\n".join(lines)


@message.command("list", help=N_("Every message, newest first, with its deliveries."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def list_(obj: Context, as_json: bool) -> None:
    from guestbook.services.messages import list_messages

    services = obj.services()
    try:
        found = list_messages(services)
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps({"messages": [_summary_json(m) for m in found]}, indent=2))
    elif not found:
        click.echo(_("No message yet: `guestbook message new --help` says how to write one."))
    else:
        for summary in found:
            click.echo(_summary_line(summary))


def _read_body(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            _("{file} is not UTF-8 text: save it as UTF-8 and try again.").format(file=path)
        ) from None
    except OSError as error:
        raise UserError(
            _("Cannot read {file}: {reason}").format(file=path, reason=error.strerror)
        ) from None


def _echo_plan(services: Services, plan: MessagePlan, as_json: bool) -> None:
    from guestbook.services.messages import recipients

    if as_json:
        data = plan_json(plan)
        data["recipients"] = [
            {"guest_id": r.guest_id, "channel": r.channel, "address": r.address}
            for r in recipients(services, plan.message_id)
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(render_plan(plan))
    left_out = plan.audience - plan.reached
    if left_out:
        click.echo(_("Left out:"))
        for n, guest in enumerate(recipients(services, plan.message_id, left_out=True)):
            if n == SHOWN_LEFT_OUT:
                click.echo(
                    "  "
                    + _("… and {count} more (--json lists them all)").format(
                        count=number(left_out - n)
                    )
                )
                break
            click.echo(
                "  "
                + _("#{number} {name} — {reason}").format(
                    number=guest.guest_id, name=guest.name, reason=_(LEFT_OUT_LABELS[guest.channel])
                )
            )


def plan_json(plan: MessagePlan) -> dict[str, Any]:
    """product.md's `message plan --json`, without the recipients."""
    return {
        "message_id": plan.message_id,
        "purpose": plan.purpose,
        "audience": plan.audience,
        "by_channel": plan.by_channel,
        "left_out": plan.left_out,
    }


def render_plan(plan: MessagePlan) -> str:
    purpose = _(PURPOSES_BY_KEY[plan.purpose].label)
    lines = [
        _("Message {id} ({purpose}): {audience} guests chosen, {reached} reached.").format(
            id=plan.message_id,
            purpose=purpose,
            audience=number(plan.audience),
            reached=number(plan.reached),
        )
    ]
    for key, guests in plan.by_channel.items():
        label = _(CHANNELS_BY_KEY[key].label)
        lines.append("  " + _("{label}: {count}").format(label=label, count=number(guests)))
    for reason, guests in plan.left_out.items():
        if guests:
            lines.append(
                "  "
                + _("Left out, {reason}: {count}").format(
                    reason=_(LEFT_OUT_LABELS[reason]), count=number(guests)
                )
            )
    return "\n".join(lines)


def _summary_json(summary: MessageSummary) -> dict[str, Any]:
    return {
        "message_id": summary.id,
        "created_at": summary.created_at.isoformat(),
        "purpose": summary.purpose,
        "subject": summary.subject,
        "deliveries": summary.deliveries,
    }


def _summary_line(summary: MessageSummary) -> str:
    day = date_text(summary.created_at.astimezone().date())
    states = ", ".join(
        f"{_(DELIVERY_STATE_LABELS.get(state, state))} {number(n)}"
        for state, n in sorted(summary.deliveries.items())
    )
    purpose = _(PURPOSES_BY_KEY[summary.purpose].label)
    return f"{summary.id:>5}  {day}  {purpose}  {summary.subject}" + (
        f"  ({states})" if states else ""
    )
