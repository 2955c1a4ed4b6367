"""The built-in camp templates (``templates/camps/*.toml``) and finding one by id or path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from camp.definition.checker import closest_word
from camp.definition.serialisation import load_definition_file
from camp.errors import CampError
from camp.resources import camp_templates_dir

__all__ = ["TemplateInfo", "builtin_templates", "resolve_template"]


@dataclass(frozen=True)
class TemplateInfo:
    """A built-in camp template, as ``camp templates`` lists it."""

    id: str
    name: str
    days: int
    description: str
    path: Path


def _template_paths() -> dict[str, Path]:
    folder = camp_templates_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.toml"))}


def builtin_templates() -> list[TemplateInfo]:
    """The built-in templates, sorted by id (the file name without ``.toml``)."""
    infos = []
    for template_id, path in sorted(_template_paths().items()):
        defn, _ = load_definition_file(path)
        infos.append(TemplateInfo(template_id, defn.name, defn.days, defn.description, path))
    return infos


def resolve_template(template_or_file: str) -> tuple[str | None, Path]:
    """A built-in template id -> ``(id, path)``; an existing file -> ``(None, path)``."""
    paths = _template_paths()
    if template_or_file in paths:
        return template_or_file, paths[template_or_file]
    candidate = Path(template_or_file).expanduser()
    if candidate.is_file():
        return None, candidate
    guess = closest_word(template_or_file, paths)
    hint = f'Did you mean "{guess}"? ' if guess else ""
    available = ", ".join(sorted(paths)) or "none installed"
    raise CampError(
        f"No built-in template or file called {template_or_file!r}. {hint}"
        f"Built-in templates: {available}; or give the path of a .toml file."
    )
