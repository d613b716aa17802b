"""Set translations in the gettext catalogs from a small JSON table: {msgid: {"zh_Hant": .., "es": ..}}.

Usage: .venv-bot/bin/python scripts/translate_po.py table.json
The English catalog gets msgstr = msgid. Maintainers may equally edit the .po files by hand.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "bot" / "locales"


def main(table_path: str) -> None:
    table = json.loads(Path(table_path).read_text(encoding="utf-8"))
    for locale in ("zh_Hant", "es", "en"):
        po_path = LOCALES / locale / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        for message in catalog:
            if not message.id:
                continue
            if locale == "en":
                message.string = message.id
            elif message.id in table and locale in table[message.id]:
                message.string = table[message.id][locale]
        with po_path.open("wb") as f:
            write_po(f, catalog, width=100)


if __name__ == "__main__":
    main(sys.argv[1])
