"""Fonts for the PNG exports: finding a CJK font, loading it, and keeping to its glyphs.

Pillow has no font fallback: a character missing from the chosen font is drawn as an
empty box ("tofu"). So the images use one font that covers Chinese, and drop what it
cannot draw (emoji in particular) instead of drawing boxes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from camp.errors import CampError

__all__ = ["CANDIDATES", "FontChoice", "drawable", "find_font", "has_glyph", "load_font"]


@dataclass(frozen=True)
class FontChoice:
    """A font file and the face to use in it (a ``.ttc`` collection holds several)."""

    path: Path
    index: int = 0


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


#: Common CJK fonts, most preferred first: (path, face index).
CANDIDATES: tuple[tuple[Path, int], ...] = (
    # Debian / Ubuntu: fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk.
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    # Face 2 of the Noto CJK collection is Simplified Chinese.
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
    (Path("/usr/share/fonts/droid/DroidSansFallbackFull.ttf"), 0),
    # macOS.
    (Path("/System/Library/Fonts/PingFang.ttc"), 0),
    (Path("/System/Library/Fonts/Hiragino Sans GB.ttc"), 0),
    (Path("/System/Library/Fonts/STHeiti Medium.ttc"), 0),
    (Path("/System/Library/Fonts/STHeiti Light.ttc"), 0),
    # Windows.
    (_windows_fonts() / "msyh.ttc", 0),
    (_windows_fonts() / "simhei.ttf", 0),
)

#: Collections whose first face is not the Simplified Chinese one.
_SC_FACE = {"notosanscjk-regular.ttc": 2, "notoserifcjk-regular.ttc": 2}

_INSTALL_HINT = (
    "install one (for example `apt install fonts-wqy-microhei`) or point the CAMP_FONT "
    "environment variable or the camp's `font` setting at a font file"
)


def _choice_for(path: Path) -> FontChoice:
    return FontChoice(path, _SC_FACE.get(path.name.lower(), 0))


def find_font(preferred: str | None = None) -> FontChoice:
    """The font the images use.

    ``preferred`` (the camp's ``font`` setting) wins, then the ``CAMP_FONT`` environment
    variable, then the first installed of ``CANDIDATES``. A named font that does not
    exist, or no font at all, raises ``CampError`` saying what to do.
    """
    for origin, value in (
        ("The camp's font", preferred),
        ("CAMP_FONT", os.environ.get("CAMP_FONT")),
    ):
        if value:
            path = Path(value).expanduser()
            if not path.is_file():
                raise CampError(f"{origin} {value!r} does not exist; fix the path or remove it.")
            return _choice_for(path)
    for path, index in CANDIDATES:
        if path.is_file():
            return FontChoice(path, index)
    raise CampError(f"No Chinese-capable font was found for the images; {_INSTALL_HINT}.")


@lru_cache(maxsize=64)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError as error:
        raise CampError(f"The font {path!r} (face {index}) cannot be read: {error}.") from None


def load_font(choice: FontChoice, size: int) -> ImageFont.FreeTypeFont:
    """``choice`` at ``size`` pixels, loaded once per (path, face, size)."""
    return _load(str(choice.path), choice.index, size)


# A private-use code point at the very end of Unicode: no font draws it, so its glyph is
# the font's .notdef box, whatever that box looks like in this font.
_SURELY_MISSING = "\U0010fffd"
# Glyph presence does not depend on the size, so it is checked once per face at this one.
_CHECK_SIZE = 32


@lru_cache(maxsize=16)
def _notdef_signature(path: str, index: int) -> tuple:
    return _signature(path, index, _SURELY_MISSING)


def _signature(path: str, index: int, ch: str) -> tuple:
    mask = _load(path, index, _CHECK_SIZE).getmask(ch)
    return mask.size, mask.getbbox(), bytes(mask)


@lru_cache(maxsize=65536)
def _has_glyph(path: str, index: int, ch: str) -> bool:
    return _signature(path, index, ch) != _notdef_signature(path, index)


def has_glyph(font: ImageFont.FreeTypeFont, ch: str) -> bool:
    """True when ``font`` draws the character ``ch`` (rather than its missing-glyph box)."""
    if ch.isspace():
        return True
    if isinstance(font.path, str):
        return _has_glyph(font.path, font.index, ch)
    # A font read from a file object: nothing stable to cache on, so check it directly.
    missing = font.getmask(_SURELY_MISSING)
    mask = font.getmask(ch)
    return (mask.size, mask.getbbox(), bytes(mask)) != (
        missing.size,
        missing.getbbox(),
        bytes(missing),
    )


def drawable(text: str, font: ImageFont.FreeTypeFont) -> str:
    """``text`` without the characters ``font`` has no glyph for (emoji, mostly); spaces stay."""
    return "".join(ch for ch in text if has_glyph(font, ch))
