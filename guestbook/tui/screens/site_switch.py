"""This site or the whole group (issue 19, product.md "Restaurant groups"): in a group of
restaurants (the `site` setting, or --site) the agenda and the reports show this site's guests
and visits; `a` switches to the whole group's and back. A restaurant on its own has no site,
and `a` says how to name one. The agenda's and the reports' screens are each one of these."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from guestbook.i18n import _

if TYPE_CHECKING:
    from textual.widget import Widget

    from guestbook.services.context import Services


class SiteSwitch:
    """A screen's site switch: what it shows (`site`), the line that says so, and `a`."""

    whole_group = False  # True: every site's
    NO_SITE = ""  # what `a` says in a restaurant that has no site

    @property
    def site(self) -> str:
        """The site whose guests and visits the screen shows; '' for the whole group's."""
        return "" if self.whole_group else self.services.settings.site

    def site_line(self) -> str:
        """What the screen covers, and the key that changes it ('' without sites)."""
        own = self.services.settings.site
        if not own:
            return ""
        if self.whole_group:
            return _("Whole group (a: {site})").format(site=own)
        return _("{site} (a: whole group)").format(site=own)

    def action_switch_site(self) -> None:
        screen = cast("Widget", self)  # a screen: SiteSwitch is mixed into one
        if not self.services.settings.site:
            screen.notify(_(self.NO_SITE))
            return
        self.whole_group = not self.whole_group
        screen.notify(self.site_line())
        self.site_switched()

    def site_switched(self) -> None:
        """Show what the new choice covers: the screen reads again."""
        raise NotImplementedError

    if TYPE_CHECKING:
        services: Services
