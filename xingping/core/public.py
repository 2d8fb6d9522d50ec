"""Public pages registry (C9): every app that has pages for the public registers them
here from its `public_pages.py` (autodiscovered), and the portal lists them. `core`
names no domain app: apps register downward.

    from xingping.core.public import register_public_page
    register_public_page(key="complaint", url_name="cases:public-complaint",
                         title=_("File a complaint"), description=_("…"), order=40)
"""

from dataclasses import dataclass

from xingping.core.discovery import discover

_PAGES: dict[str, "PublicPage"] = {}


@dataclass(frozen=True)
class PublicPage:
    key: str
    url_name: str
    title: str
    description: str = ""
    order: int = 100
    icon: str = "bi-link-45deg"  # a bootstrap-icons class


def register_public_page(*, key: str, url_name: str, title, description="", order: int = 100, icon: str = "bi-link-45deg"):
    _PAGES[key] = PublicPage(key=key, url_name=url_name, title=title, description=description, order=order, icon=icon)


def public_pages() -> list[PublicPage]:
    discover("public_pages")
    return sorted(_PAGES.values(), key=lambda p: (p.order, p.key))
