"""Where the built-in templates live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_root() -> Path:
    """The ``templates/`` folder: ``camp/_templates`` in a wheel, else the checkout's."""
    installed = _PACKAGE / "_templates"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "templates"


def camp_templates_dir() -> Path:
    """Built-in camp definitions (``*.toml``)."""
    return templates_root() / "camps"


def message_templates_dir() -> Path:
    """Built-in announcement templates (Jinja2)."""
    return templates_root() / "messages"
