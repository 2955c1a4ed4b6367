"""Camp definition files (TOML) -> ``CampDefinition``, with precise validation errors.

Loading checks the whole file and collects every problem before it gives up, so an
operator fixes a file in one pass: each problem is one sentence that names the key
path (``windows[2].due``), says what is wrong and how to fix it. Positions in arrays
(``windows[2]``, ``tasks.pool[3]``, ``camp.rest[1]``) count from 1, the way an operator
counts the blocks of a file.

- ``checker``: the ``Checker`` that collects problems, and the words of its sentences
- ``times``: times of day and durations as the file writes them
- ``sections``: one check per section of the file, and ``parse_definition``
- ``serialisation``: TOML text and files in, the file-format dict out
- ``templates``: the built-in templates
"""

from __future__ import annotations

from camp.definition.sections import MAX_DAYS, MAX_DIFFICULTY, MIN_DIFFICULTY, parse_definition
from camp.definition.serialisation import (
    apply_overrides,
    definition_to_dict,
    load_definition_file,
    load_definition_text,
)
from camp.definition.templates import TemplateInfo, builtin_templates, resolve_template
from camp.definition.times import format_duration, format_time

__all__ = [
    "MAX_DAYS",
    "MAX_DIFFICULTY",
    "MIN_DIFFICULTY",
    "TemplateInfo",
    "apply_overrides",
    "builtin_templates",
    "definition_to_dict",
    "format_duration",
    "format_time",
    "load_definition_file",
    "load_definition_text",
    "parse_definition",
    "resolve_template",
]
