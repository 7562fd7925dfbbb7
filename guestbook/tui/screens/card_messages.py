"""The messages a guest received, on their card (shared/product.md, "Messages" → "Log"): the
newest few, each with its date, subject, channel and what became of it; how many older ones
are not listed. Read from the delivery rows (services.messages.history.received_messages).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.messages.history import ReceivedMessage
from guestbook.tui.format import date_width
from guestbook.tui.screens.messages_text import channel_label, state_word

SHOWN = 5  # the card has other things to show: the Messages section has them all


def render_received(received: list[ReceivedMessage]) -> Group:
    heading = Text("\n" + _("Messages"), style="bold underline")
    if not received:
        return Group(heading, Text("  " + _("no message yet"), style="dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", width=max(12, date_width()), no_wrap=True)
    grid.add_column(ratio=1)
    for message in received[:SHOWN]:
        line = Text(message.subject)
        line.append(
            f" · {channel_label(message.channel)} · {state_word(message.status)}", style="dim"
        )
        grid.add_row(date_text(message.at.astimezone().date(), "day_month_year"), line)
    if (more := len(received) - SHOWN) > 0:
        words = ngettext("{count} more message", "{count} more messages", more)
        grid.add_row("", Text(words.format(count=number(more)), style="dim"))
    return Group(heading, grid)
