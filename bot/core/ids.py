"""The content ids the code relies on, in one place; `make check-content` fails if one is missing."""

from __future__ import annotations

HOW_TO_APPLY_GUIDE = "guide-how-to-apply"
SCHOLARSHIPS_GUIDE = "guide-scholarships"
ABOUT_BOT = "about-bot"
ABOUT_WHITE_PAPER = "about-white-paper"
REGIONAL_GUIDES = frozenset(
    {
        "guide-latin-america-caribbean",
        "guide-pacific",
        "guide-asia-new-southbound",
        "guide-africa-middle-east",
        "guide-europe",
    }
)
# The guide listed first in each sub-menu of the main menu.
MENU_GUIDES = {
    "study": SCHOLARSHIPS_GUIDE,
    "training": "guide-training-in-taiwan",
    "ngo": "guide-ngo-funding",
    "abroad": "guide-volunteering",
    "about": "cooperation-policy",
}
REQUIRED_IDS = frozenset(
    {HOW_TO_APPLY_GUIDE, SCHOLARSHIPS_GUIDE, ABOUT_BOT, *REGIONAL_GUIDES, *MENU_GUIDES.values()}
)
