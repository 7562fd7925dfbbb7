"""The settings screen's "Messages" group: how emails and SMS go out (shared/product.md,
"Messages" → "Delivery"). One field for each setting guestbook.settings_messages reads from the
settings file ([smtp], [sms], the STOP mention, the postal address, the time zone), each with its
label and help; the screen checks them on ctrl+s with the file's own checks and writes them with
the others (guestbook.settings_file).

The SMTP password and the SMS gateway's key are never typed here nor written to the file: they
come from the environment. In their place a line says whether each is set, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from guestbook.i18n import N_, _
from guestbook.settings_file import MESSAGE_KEYS
from guestbook.settings_messages import (
    SECURITIES,
    SMS_API_KEY_VARIABLE,
    SMS_PROVIDERS,
    SMTP_PASSWORD_VARIABLE,
    SmsSettings,
    SmtpSettings,
)

LABELS = {
    "smtp.host": N_("Email server"),
    "smtp.port": N_("Server port"),
    "smtp.security": N_("Security"),
    "smtp.username": N_("User name"),
    "smtp.from": N_("From address"),
    "sms.provider": N_("SMS provider"),
    "sms.sender": N_("SMS sender"),
    "sms.base_url": N_("Gateway address"),
    "sms_stop": N_("STOP mention"),
    "restaurant_address": N_("Postal address"),
    "time_zone": N_("Time zone"),
}
HELP = {
    "smtp.host": N_("Your mailbox's sending server, such as smtp.example.fr. Empty: no emails."),
    "smtp.port": N_("Usually 587 with STARTTLS, 465 with SSL/TLS. Empty: 587."),
    "smtp.security": N_("How the connection to the server is protected."),
    "smtp.username": N_("To log in to the server, often the email address. Empty: no login."),
    "smtp.from": N_("The sender guests see, such as Chez Nous <contact@chez-nous.fr>."),
    "sms.provider": N_(
        "Brevo sends at once. A file is a CSV to upload to your gateway, written at each send "
        "in the folder where the letters go."
    ),
    "sms.sender": N_("The name guests see (Brevo): at most 11 letters or digits, no space."),
    "sms.base_url": N_("Brevo's API address: change it only to test. Empty: the usual one."),
    "sms_stop": N_("Ends every relational SMS, such as STOP au 36111 (at most 40 characters)."),
    "restaurant_address": N_("The heading of letters, line by line (at most 200 characters)."),
    "time_zone": N_("The hours SMS may be sent are read in this zone, such as Europe/Paris."),
}
SECURITY_NAMES = {
    "starttls": N_("STARTTLS (usually port 587)"),
    "ssl": N_("SSL/TLS (usually port 465)"),
    "none": N_("None (a server on this computer only)"),
}
PROVIDER_NAMES = {"brevo": N_("Brevo: sent at once"), "file": N_("A file for any gateway")}
# The secrets, each shown (set or not) after the field it goes with.
SECRETS = {
    "smtp.username": (N_("SMTP password"), SMTP_PASSWORD_VARIABLE, SmtpSettings.password),
    "sms.base_url": (N_("SMS API key"), SMS_API_KEY_VARIABLE, SmsSettings.api_key),
}
# What an empty field means, shown in it: the default the file's checks use.
PLACEHOLDERS = {
    "smtp.port": "587",
    "sms.base_url": SmsSettings.base_url,
    "time_zone": "Europe/Paris",
}
PORT = re.compile(r"[0-9]+")


def dom_id(key: str) -> str:
    """As the settings screen's: 'smtp.port' → 'smtp-port'."""
    return key.replace(".", "-")


def field_names() -> dict[str, str]:
    """How the file's checks name each key: by its label here, in the language shown."""
    return {key: _(label) for key, label in LABELS.items()}


def secret_line(variable: str, value: str) -> str:
    """Whether a secret is in the environment, never what it is."""
    if value:
        return _("set (in {variable})").format(variable=variable)
    return _("not set — export {variable} before starting guestbook").format(variable=variable)


class MessagesFields(Vertical):
    """The fields of the messages' settings, under the screen's others."""

    DEFAULT_CSS = """
    MessagesFields {
        height: auto;
    }
    MessagesFields #field-smtp-port {
        width: 8;
    }
    MessagesFields #field-smtp-security, MessagesFields #field-sms-provider {
        width: 44;
    }
    MessagesFields #field-restaurant_address {
        height: 4;
        padding: 0;  /* its text under the other fields' */
    }
    """

    def __init__(self, values: Mapping[str, object]) -> None:
        super().__init__(id="messages-fields")
        self.values = dict(values)

    def compose(self) -> ComposeResult:
        yield Label(_("Messages: how emails and SMS go out"), classes="section-title")
        yield Static(
            _(
                "Used from the next send. The password and the SMS key are never typed here "
                "nor written to the file: they come from the environment."
            ),
            classes="hint settings-note",
        )
        for key in MESSAGE_KEYS:
            yield from self._row(key, self._field(key), _(HELP[key]))
            if key in SECRETS:
                label, variable, read = SECRETS[key]
                line = Static(secret_line(variable, read()), id=f"secret-{variable}", markup=False)
                help_text = _("Read from the environment when guestbook starts.")
                yield from self._row("", line, help_text, label=_(label))

    @staticmethod
    def _row(key: str, field: Widget, help_text: str, *, label: str = "") -> ComposeResult:
        """As the screen's rows: the label, the field, its help, its problem (hidden)."""
        with Horizontal(classes="settings-row"):
            yield Label(label or _(LABELS[key]), classes="settings-label")
            with Vertical(classes="settings-field"):
                yield field
                yield Static(help_text, classes="hint")
                if key:
                    problem = Static("", id=f"error-{dom_id(key)}", classes="error field-error")
                    problem.display = False
                    yield problem

    def _field(self, key: str) -> Widget:
        value = self.values.get(key, "")
        widget_id = f"field-{dom_id(key)}"
        if key in ("smtp.security", "sms.provider"):
            names = SECURITY_NAMES if key == "smtp.security" else PROVIDER_NAMES
            options = SECURITIES if key == "smtp.security" else SMS_PROVIDERS
            choices = [(_(names[option]), option) for option in options]
            return Select(choices, value=value, allow_blank=False, id=widget_id, compact=True)
        if key == "restaurant_address":
            return TextArea(str(value), tab_behavior="focus", id=widget_id, compact=True)
        placeholder = PLACEHOLDERS.get(key, "")
        return Input(str(value), placeholder=placeholder, id=widget_id, compact=True)

    def typed(self) -> dict[str, object]:
        """The values as shown now, by dotted key: a port as a whole number when typed as one
        (else as typed, for the checks to refuse)."""
        values: dict[str, object] = {}
        for key in MESSAGE_KEYS:
            widget = self.query_one(f"#field-{dom_id(key)}")
            if isinstance(widget, Select):
                values[key] = widget.value
            elif isinstance(widget, TextArea):
                values[key] = widget.text.strip()
            else:
                text = self.query_one(f"#field-{dom_id(key)}", Input).value.strip()
                values[key] = int(text) if key == "smtp.port" and PORT.fullmatch(text) else text
        return values
