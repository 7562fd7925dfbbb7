"""Regenerate screenshots/: an SVG and a PNG of every screen, on demo data and a fixed date,
in English (screenshots/) and in French (screenshots/fr/, on the French demo); a group of
restaurants' screens on the demo over three sites, from the terminal of the first.

    pip install '.[screenshots]' && python scripts/screenshots.py

PNG rendering needs cairosvg and the Fira Code font (Debian: fonts-firacode): without it the
terminal's columns come out misaligned, so the script refuses to draw PNGs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from guestbook.bootstrap import make_app, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.i18n import set_language
from guestbook.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The walks to every screen state live with the snapshot tests, which take the same pictures.
sys.path.insert(0, str(ROOT))
from tests.pilot import press, wait_for_workers  # noqa: E402
from tests.tours import GROUP_SITES, GROUP_TOURS, TOURS, Keys  # noqa: E402

FIXED_DAY = dt.date(2026, 11, 22)
SIZE = (120, 36)


async def capture(
    db: Path, out: Path, tours: dict[str, Keys], settings: Settings | None = None
) -> list[Path]:
    written: list[Path] = []
    for name, keys in tours.items():
        services = make_services(db, FixedClock(FIXED_DAY), settings or Settings(), staff="Chef")
        app = make_app(services)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_workers(pilot)
            await press(pilot, *keys)  # as the snapshot tests do: each key's work finishes first
            await pilot.pause(0.2)
            svg = out / f"{name}.svg"
            app.save_screenshot(filename=svg.name, path=str(out))
            written.append(svg)
        services.close()
    return written


def _demo(db: Path, sites: tuple[str, ...] = ()) -> None:
    services = make_services(db, FixedClock(FIXED_DAY), Settings())
    generate_demo(
        services.engine, today=FIXED_DAY, settings=services.settings, guests=500, sites=sites
    )
    services.close()


def fira_code_installed() -> bool:
    """Textual's SVGs ask for Fira Code; another font draws each line at its own width."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", "Fira Code"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def to_png(svg: Path) -> Path:
    import cairosvg

    png = svg.with_suffix(".png")
    cairosvg.svg2png(url=str(svg), write_to=str(png), output_width=1600)
    return png


def shown(path: Path) -> Path:
    """A written file's path as printed: from the project's root when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--no-png", action="store_true", help="SVG only")
    args = parser.parse_args()
    if not args.no_png and not fira_code_installed():
        sys.exit("PNGs need the Fira Code font (Debian: apt install fonts-firacode), or --no-png")
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    os.environ["HOME"] = "/home/chef"  # paths suggested by dialogs, the same on every machine
    for language, out in (("en", args.out), ("fr", args.out / "fr")):
        out.mkdir(parents=True, exist_ok=True)
        set_language(language)  # the demo's words and every screen in this language
        with tempfile.TemporaryDirectory() as folder:
            db, group = Path(folder) / "demo.db", Path(folder) / "group.db"
            _demo(db)
            _demo(group, GROUP_SITES)
            on_site = Settings(site=GROUP_SITES[0])
            written = asyncio.run(capture(db, out, TOURS))
            written += asyncio.run(capture(group, out, GROUP_TOURS, on_site))
            for svg in written:
                print(shown(svg))
                if not args.no_png:
                    print(shown(to_png(svg)))


if __name__ == "__main__":
    main()
