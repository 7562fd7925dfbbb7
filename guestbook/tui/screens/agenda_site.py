"""The agenda of a site (issue 19, product.md "Restaurant groups"): in a group of restaurants
(the `site` setting, or --site) the agenda lists the calls to this site's guests, those whose
home site it is; `a` switches to the whole group's calls and back. A restaurant on its own
has no site and one agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from guestbook.i18n import N_, _
from guestbook.tui.screens.agenda_feedback import AgendaFeedback


class AgendaSite(AgendaFeedback):
    """The agenda screen's site switch; the agenda screen is one of these."""

    BINDINGS = [
        Binding("a", "switch_site", N_("This site / the whole group"), id="agenda.site", show=False)
    ]
    whole_group = False  # True: every site's guests

    @property
    def site(self) -> str:
        """The site whose guests the agenda lists; '' for everyone's."""
        return "" if self.whole_group else self.services.settings.site

    def site_line(self) -> str:
        """What the agenda covers, and the key that changes it ('' without sites): first on
        the summary line, where a narrow terminal does not cut it."""
        own = self.services.settings.site
        if not own:
            return ""
        if self.whole_group:
            return _("Whole group (a: {site})").format(site=own)
        return _("{site} (a: whole group)").format(site=own)

    def action_switch_site(self) -> None:
        if not self.services.settings.site:
            self.notify(
                _(
                    "This restaurant has no site: its agenda lists every guest. In a group, "
                    "name each restaurant in the settings (F9, Site)."
                )
            )
            return
        self.whole_group = not self.whole_group
        self.notify(self.site_line())
        self.action_refresh()

    if TYPE_CHECKING:

        def action_refresh(self) -> None:
            """The agenda screen's: read the agenda again."""
