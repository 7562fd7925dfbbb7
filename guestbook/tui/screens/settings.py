"""The settings screen (F9, or "Settings" in the palette): the restaurant's name, the language,
the country of phone numbers, the lead days, the consent wordings, the reward labels, the
channel order and how messages go out (settings_messages_fields), each with its help.

ctrl+s checks the values as the settings file is checked (guestbook.settings.settings_from),
each problem under its field, and writes nothing while there is one; then it writes them into
the settings file (guestbook.settings_file: comments and other settings kept). What can change
while the app runs changes at once: the name in the header, the phone region, the lead days
(the agenda reloads when it shows again), the wordings, the labels, the channel order, the
messages' settings; the language at the next start. Escape with changes asks first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from guestbook.domain.channels import BY_KEY, CHANNELS
from guestbook.i18n import N_, _
from guestbook.paths import settings_path
from guestbook.settings import DEFAULT_WORDINGS, Settings, SettingsError, default_rewards
from guestbook.settings_file import SettingsEdit, edit_of, read_document, save_settings
from guestbook.tui.dialogs.pick_region import PickRegion, region_line
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.settings_messages_fields import MessagesFields
from guestbook.tui.screens.settings_messages_fields import field_names as message_names

# Each field's label and help, English (marked): shown through `_`.
LABELS = {
    "restaurant_name": N_("Restaurant name"),
    "site": N_("Site"),
    "language": N_("Language"),
    "phone_region": N_("Phone region"),
    "lead_days": N_("Lead days"),
    "channel_order": N_("Channel order"),
}
HELP = {
    "restaurant_name": N_("Shown in the header and in messages to guests."),
    "site": N_(
        "In a group of restaurants, this one's name: its visits and calls are recorded as "
        "the site's. Empty for a restaurant on its own; --site overrides it."
    ),
    "language": N_("Of every screen, message and export: takes effect at the next start."),
    "phone_region": N_("How numbers typed without +country are read (Enter to choose)."),
    "lead_days": N_("The chef calls this many days before a birthday (0 to 60)."),
    "channel_order": N_(
        "A service notice goes by the first channel each guest can be reached by. "
        "shift+↑ and shift+↓ move the highlighted channel."
    ),
}
REWARD_KINDS = {"birthday": N_("Birthday"), "sponsor": N_("Sponsor")}
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def dom_id(key: str) -> str:
    """A settings key as a widget id: 'consent_wordings.call' → 'consent_wordings-call'."""
    return key.replace(".", "-")


def field_names() -> dict[str, str]:
    """How the messages name each key: by its label on this screen, in the language shown."""
    names = {key: _(label) for key, label in LABELS.items()}
    for channel in CHANNELS:
        names[f"consent_wordings.{channel}"] = _(BY_KEY[channel].label)
    for kind in default_rewards():
        names[f"rewards.{kind}.label"] = _(REWARD_KINDS.get(kind, kind))
    return names | message_names()


def channel_line(position: int, channel: str) -> str:
    """'1. Emails'."""
    return f"{position}. {_(BY_KEY[channel].label)}"


class ChannelOrder(OptionList):
    """The channels in order; shift+↑ and shift+↓ move the highlighted one."""

    BINDINGS = [
        Binding("shift+up,ctrl+up", "move(-1)", N_("Move up"), id="settings.channel_up"),
        Binding("shift+down,ctrl+down", "move(1)", N_("Move down"), id="settings.channel_down"),
    ]

    def __init__(self, order: tuple[str, ...]) -> None:
        super().__init__(id="field-channel_order", compact=True)
        self.order = list(order)

    def on_mount(self) -> None:
        self.redraw(0)

    def redraw(self, highlighted: int) -> None:
        self.clear_options()
        self.add_options(
            [Option(channel_line(i, key), id=key) for i, key in enumerate(self.order, 1)]
        )
        self.highlighted = highlighted

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.order):
            return
        target = index + step
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self.redraw(target)


class SettingsScreen(SectionScreen):
    PLACE = N_("Settings")  # what the help screen's title names
    DEFAULT_CSS = """
    SettingsScreen #settings-body {
        padding: 0 2;
    }
    SettingsScreen .settings-row {
        height: auto;
        margin-top: 1;
    }
    SettingsScreen .settings-row.tight {
        margin-top: 0;
    }
    SettingsScreen .settings-label {
        width: 20;
        text-style: bold;
    }
    SettingsScreen .settings-field {
        width: 1fr;
        height: auto;
    }
    SettingsScreen #field-language, SettingsScreen #field-phone_region {
        width: 44;
    }
    SettingsScreen #field-phone_region {
        text-align: left;
        content-align: left middle;
        text-style: none;
    }
    SettingsScreen #field-lead_days {
        width: 8;
    }
    SettingsScreen #field-channel_order {
        height: 4;
        width: 30;
    }
    SettingsScreen .settings-note {
        padding: 0 1;
    }
    SettingsScreen .buttons {
        height: auto;
        margin: 1 0;
    }
    SettingsScreen #settings-error {
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="settings.save"),
        Binding("escape", "back", N_("Back"), id="settings.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.path = settings_path()
        self.initial = SettingsEdit("", "", "", 0, {}, {}, ())
        self.phone_region = ""

    # --- the fields ----------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        problem = ""
        document: Mapping[str, object]
        try:
            document = read_document(self.path)
        except SettingsError as error:  # changed by hand since the app started
            document, problem = {}, str(error)
        self.initial = edit = edit_of(self.services.settings, document)
        self.phone_region = edit.phone_region
        with VerticalScroll(id="settings-body"):
            yield Label(_("Settings"), classes="section-title")
            general = Static(problem, id="settings-error", classes="error")
            general.display = bool(problem)
            yield general
            yield from self._row("restaurant_name", self._input("restaurant_name", edit))
            yield from self._row("site", self._input("site", edit))
            yield from self._row("language", self._language(edit.language))
            region = Button(region_line(self.phone_region), id="field-phone_region", compact=True)
            yield from self._row("phone_region", region)
            yield from self._row("lead_days", self._input("lead_days", edit))
            yield from self._section(
                _("Consent wordings: what the guest is asked"),
                _("Stored with each answer. Empty: the default, in the language shown."),
            )
            for channel in CHANNELS:
                key = f"consent_wordings.{channel}"
                default = _(DEFAULT_WORDINGS[channel])
                typed = Input(
                    edit.consent_wordings.get(channel, ""),
                    placeholder=default,
                    id=f"field-{dom_id(key)}",
                    compact=True,
                )
                yield from self._row(key, typed, label=_(BY_KEY[channel].label), tight=True)
            yield from self._section(
                _("Reward labels"),
                _("What staff see and guests are promised. Empty: the default."),
            )
            defaults = default_rewards()
            for kind, label in edit.reward_labels.items():
                key = f"rewards.{kind}.label"
                shown = _(defaults[kind].label) if kind in defaults else ""
                typed = Input(label, placeholder=shown, id=f"field-{dom_id(key)}", compact=True)
                name = _(REWARD_KINDS.get(kind, kind))
                yield from self._row(key, typed, label=name, tight=True)
            yield from self._row("channel_order", ChannelOrder(edit.channel_order))
            yield MessagesFields(edit.messages)
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Back (esc)"), id="back")

    def _row(
        self, key: str, field: Widget, *, label: str | None = None, tight: bool = False
    ) -> ComposeResult:
        with Horizontal(classes="settings-row tight" if tight else "settings-row"):
            yield Label(label or _(LABELS[key]), classes="settings-label")
            with Vertical(classes="settings-field"):
                yield field
                if key in HELP:
                    yield Static(_(HELP[key]), classes="hint")
                yield Static("", id=f"error-{dom_id(key)}", classes="error field-error")

    @staticmethod
    def _section(title: str, note: str) -> ComposeResult:
        yield Label(title, classes="section-title")
        yield Static(note, classes="hint settings-note")

    @staticmethod
    def _input(key: str, edit: SettingsEdit) -> Input:
        return Input(str(getattr(edit, key)), id=f"field-{key}", compact=True)

    @staticmethod
    def _language(current: str) -> Select[str]:
        # Each language by its own name, as language pickers do.
        choices = [(_("The computer's language"), ""), ("Français", "fr"), ("English", "en")]
        return Select(choices, value=current, allow_blank=False, id="field-language", compact=True)

    def on_mount(self) -> None:
        for message in self.query(".field-error"):
            message.display = False
        self.query_one("#field-restaurant_name", Input).focus()

    def typed(self) -> SettingsEdit:
        """The values as the screen shows them now."""

        def text(key: str) -> str:
            return self.query_one(f"#field-{dom_id(key)}", Input).value.strip()

        lead = text("lead_days")
        return SettingsEdit(
            restaurant_name=text("restaurant_name"),
            site=" ".join(text("site").split()),
            language=str(self.query_one("#field-language", Select).value),
            phone_region=self.phone_region,
            lead_days=int(lead) if WHOLE_NUMBER.fullmatch(lead) else lead,
            consent_wordings={
                channel: text(f"consent_wordings.{channel}")
                for channel in self.initial.consent_wordings
            },
            reward_labels={
                kind: text(f"rewards.{kind}.label") for kind in self.initial.reward_labels
            },
            channel_order=tuple(self.query_one(ChannelOrder).order),
            messages=self.query_one(MessagesFields).typed(),
        )

    # --- the phone region ------------------------------------------------------------------

    @on(Button.Pressed, "#field-phone_region")
    def pick_region(self) -> None:
        def picked(code: str | None) -> None:
            if code:
                self.phone_region = code
                self.query_one("#field-phone_region", Button).label = region_line(code)

        self.app.push_screen(PickRegion(self.phone_region), picked)

    # --- saving ------------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            # Only what was changed here: a setting edited by hand in the file meanwhile and
            # left alone on this screen keeps the file's value.
            saved = save_settings(self.path, self.typed(), field_names(), since=self.initial)
        except SettingsError as error:
            self.show_problems(error.problems or {"": str(error)})
            self.notify(_("Nothing was saved: see the messages in red."), severity="error")
            return
        self.show_problems({})
        self.apply(saved)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field; those of no field (a setting this screen does not
        show, a file that cannot be read) at the top."""
        elsewhere = []
        for key, message in problems.items():
            if not self.query(f"#error-{dom_id(key)}"):
                elsewhere.append(message)
        first = None  # the first field with a problem, in the screen's order
        for message_widget in self.query(".field-error").results(Static):
            key = (message_widget.id or "").removeprefix("error-")
            found = next((m for k, m in problems.items() if dom_id(k) == key), "")
            message_widget.update(found)
            message_widget.display = bool(found)
            first = first or (key if found and self.query(f"#field-{key}") else None)
        general = self.query_one("#settings-error", Static)
        general.update("\n".join(elsewhere))
        general.display = bool(elsewhere)
        if first is not None:
            self.query_one(f"#field-{first}").focus()

    def apply(self, saved: Settings) -> None:
        """What can change while the app runs, now; the language at the next start."""
        services = self.services
        services.settings = replace(
            services.settings,
            restaurant_name=saved.restaurant_name,
            site=saved.site,
            phone_region=saved.phone_region,
            lead_days=saved.lead_days,
            consent_wordings=saved.consent_wordings,
            rewards=saved.rewards,
            channel_order=saved.channel_order,
            # Read at each send: the next one uses them.
            sms_stop=saved.sms_stop,
            restaurant_address=saved.restaurant_address,
            time_zone=saved.time_zone,
            smtp=saved.smtp,
            sms=saved.sms,
        )
        self.app.title = saved.header
        self.notify(_("Settings saved in {path}.").format(path=self.path))
        if saved.language != self.initial.language:
            self.notify(_("The new language takes effect at the next start."), timeout=10)
        self.dismiss()

    # --- leaving -----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.typed() == self.initial:
            self.dismiss()
            return
        from guestbook.tui.dialogs.confirm import Confirm

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            Confirm(_("Discard your changes?"), yes=_("Discard"), no=_("Keep editing")),
            answered,
        )

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back()
