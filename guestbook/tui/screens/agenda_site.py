"""The agenda of a site (issue 19, product.md "Restaurant groups"): in a group of restaurants
(the `site` setting, or --site) the agenda lists the calls to this site's guests, those whose
home site it is; `a` switches to the whole group's calls and back (screens.site_switch). A
restaurant on its own has no site and one agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from guestbook.i18n import N_
from guestbook.tui.screens.agenda_feedback import AgendaFeedback
from guestbook.tui.screens.site_switch import SiteSwitch


class AgendaSite(SiteSwitch, AgendaFeedback):
    """The agenda screen's site switch; the agenda screen is one of these. The site's words
    come first on the summary line, where a narrow terminal does not cut them."""

    BINDINGS = [
        Binding("a", "switch_site", N_("This site / the whole group"), id="agenda.site", show=False)
    ]
    NO_SITE = N_(
        "This restaurant has no site: its agenda lists every guest. In a group, "
        "name each restaurant in the settings (F9, Site)."
    )

    def site_switched(self) -> None:
        self.action_refresh()

    if TYPE_CHECKING:

        def action_refresh(self) -> None:
            """The agenda screen's: read the agenda again."""
