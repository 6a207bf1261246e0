"""English is available for every string: the catalogue covers what the code and the
templates ask for (French, the default, is the msgid itself and never missing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]


def test_every_string_of_the_interface_has_an_english_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(template), "."],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as handle:
        wanted = read_po(handle)
    with (REPO / "civic/translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        english = read_po(handle)

    def translated(message_id: object) -> bool:
        entry = english.get(message_id)
        if entry is None or entry.fuzzy:
            return False
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        return all(strings)

    missing = [message.id for message in wanted if message.id and not translated(message.id)]
    assert missing == []
