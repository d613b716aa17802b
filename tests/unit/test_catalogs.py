"""Every UI string the code uses is translated in every catalog (a missing one fails here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import CATALOG_LOCALE, LOCALES_DIR, gettext_for
from bot.settings import ROOT


@pytest.fixture(scope="module")
def msgids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(pot),
            str(ROOT / "bot"),
        ],
        check=True,
    )
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


@pytest.mark.parametrize("catalog", sorted(CATALOG_LOCALE.values()))
def test_catalog_translates_every_string_in_the_code(msgids: set[str], catalog: str) -> None:
    with (LOCALES_DIR / catalog / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f)
    translated = {m.id for m in po if m.id and m.string and not m.fuzzy}
    missing = msgids - translated
    assert not missing, (
        f"{catalog} lacks translations for: {sorted(missing)} (run make i18n-extract, then translate)"
    )


def test_compiled_catalogs_are_used_at_runtime() -> None:
    assert gettext_for("es")("Main menu") == "Menú principal"
    assert gettext_for("zh-Hant")("Main menu") == "主選單"
    assert gettext_for("en")("Main menu") == "Main menu"
