"""Fonts for the PNG exports: which fonts draw an image's text, and what each draws.

Pillow has no font fallback: a character missing from a font is drawn as its empty box
("tofu"). So before an image is drawn, every character it must show is checked against
the fonts at hand, and an image that some character would spoil is refused with a
sentence naming the characters and the fix, rather than posted with boxes.

- A camp whose text is all in the small Latin set of Pillow's own font (Aileron, inside
  Pillow since 10.1) needs nothing installed; other text takes the first installed
  system font that draws all of it (a CJK font for Chinese), or several in turn.
- A font the operator chose (the camp's ``font`` setting, else ``CAMP_FONT``) is used
  alone, and must draw everything but the emoji.
- Emoji are drawn in colour by a colour emoji font (Noto Color Emoji and the like, or
  ``CAMP_EMOJI_FONT``), else as a visible placeholder whose colour tells emoji apart.
"""

from __future__ import annotations

import os
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from camp.errors import CampError

__all__ = [
    "BUNDLED",
    "CANDIDATES",
    "EMOJI_CANDIDATES",
    "LATIN_CANDIDATES",
    "FontChoice",
    "FontSet",
    "Run",
    "emoji_font",
    "find_font",
    "font_set_for",
    "graphemes",
    "has_glyph",
    "is_emoji",
    "load_font",
    "placeholder_colour",
    "runs",
]


@dataclass(frozen=True)
class FontChoice:
    """A font file and the face to use in it (a ``.ttc`` collection holds several);
    ``path`` None is the font inside Pillow."""

    path: Path | None
    index: int = 0

    @property
    def label(self) -> str:
        return "Pillow's own font" if self.path is None else str(self.path)


#: Pillow's own font: Aileron Regular, ASCII and a little punctuation, scalable.
BUNDLED = FontChoice(None)


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

#: Fonts with the Latin, Greek and Cyrillic letters Pillow's own font lacks (é, ß, ł …).
LATIN_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 0),
    (Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"), 0),
    (Path("/usr/share/fonts/TTF/DejaVuSans.ttf"), 0),
    (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"), 0),
    (Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"), 0),
    (Path("/System/Library/Fonts/Helvetica.ttc"), 0),
    (Path("/System/Library/Fonts/Supplemental/Arial.ttf"), 0),
    (_windows_fonts() / "segoeui.ttf", 0),
    (_windows_fonts() / "arial.ttf", 0),
)

#: Colour emoji fonts (CBDT, sbix or COLR tables, drawn by Pillow with embedded_color).
EMOJI_CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto-emoji/NotoColorEmoji.ttf"),
    Path("/System/Library/Fonts/Apple Color Emoji.ttc"),
    _windows_fonts() / "seguiemj.ttf",
)

#: Collections whose first face is not the Simplified Chinese one.
_SC_FACE = {"notosanscjk-regular.ttc": 2, "notoserifcjk-regular.ttc": 2}

_INSTALL_HINT = (
    "install one (for example `apt install fonts-wqy-microhei`) or point the CAMP_FONT "
    "environment variable or the camp's `font` setting at a font file"
)


def _choice_for(path: Path) -> FontChoice:
    return FontChoice(path, _SC_FACE.get(path.name.lower(), 0))


def _chosen_font(preferred: str | None) -> tuple[FontChoice, str] | None:
    """The font the operator named, and where it was named; None when none was."""
    for origin, value in (
        ("The camp's font", preferred),
        ("CAMP_FONT", os.environ.get("CAMP_FONT")),
    ):
        if value:
            path = Path(value).expanduser()
            if not path.is_file():
                raise CampError(f"{origin} {value!r} does not exist; fix the path or remove it.")
            return _choice_for(path), origin
    return None


def _installed(candidates: Iterable[tuple[Path, int]]) -> list[FontChoice]:
    return [FontChoice(path, index) for path, index in candidates if path.is_file()]


def find_font(preferred: str | None = None) -> FontChoice:
    """A font that draws Chinese: the operator's (``preferred``, the camp's ``font``
    setting, then ``CAMP_FONT``), else the first installed of ``CANDIDATES``.

    A named font that does not exist, or no such font at all, raises ``CampError``
    saying what to do. (:func:`font_set_for` is what the images use.)
    """
    chosen = _chosen_font(preferred)
    if chosen is not None:
        return chosen[0]
    for choice in _installed(CANDIDATES):
        return choice
    raise CampError(f"No Chinese-capable font was found for the images; {_INSTALL_HINT}.")


@lru_cache(maxsize=128)
def _load(path: str | None, index: int, size: int) -> ImageFont.FreeTypeFont:
    if path is None:
        font = ImageFont.load_default(size)
        if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow built without FreeType
            raise CampError(
                "Pillow was built without FreeType; reinstall it with `pip install pillow`."
            )
        return font
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError as error:
        raise CampError(f"The font {path!r} (face {index}) cannot be read: {error}.") from None


def load_font(choice: FontChoice, size: int) -> ImageFont.FreeTypeFont:
    """``choice`` at ``size`` pixels, loaded once per (path, face, size)."""
    return _load(None if choice.path is None else str(choice.path), choice.index, size)


# --- which characters a font draws ---------------------------------------------------
#
# Pillow has no call that asks a font for its character map (fontTools has, but it is
# not a dependency for this one question). What Pillow does give is the drawn mask of a
# character: a character the font lacks is drawn as the font's .notdef glyph, so its
# mask is exactly the mask of a code point no font has. Comparing the two tells, in the
# font's own terms, whether the character has a glyph of its own.

# A private-use code point at the very end of Unicode: no font draws it, so its glyph is
# the font's .notdef box, whatever that box looks like in this font.
_SURELY_MISSING = "\U0010fffd"
# Glyph presence does not depend on the size, so it is checked once per face at this one.
_CHECK_SIZE = 32


def _key(choice: FontChoice) -> tuple[str | None, int]:
    return (None if choice.path is None else str(choice.path), choice.index)


def _signature(path: str | None, index: int, ch: str) -> tuple:
    mask = _load(path, index, _CHECK_SIZE).getmask(ch)
    return mask.size, mask.getbbox(), bytes(mask)


@lru_cache(maxsize=16)
def _notdef_signature(path: str | None, index: int) -> tuple:
    return _signature(path, index, _SURELY_MISSING)


@lru_cache(maxsize=65536)
def _has_glyph(path: str | None, index: int, ch: str) -> bool:
    return _signature(path, index, ch) != _notdef_signature(path, index)


def has_glyph(choice: FontChoice, ch: str) -> bool:
    """True when the font draws the character ``ch`` (rather than its missing-glyph box)."""
    if ch.isspace() or _invisible(ch):
        return True
    return _has_glyph(*_key(choice), ch)


def _invisible(ch: str) -> bool:
    """Format characters (ZWJ, variation selectors, tags) and combining marks ride on the
    character before them; they are checked as part of it, not on their own."""
    return unicodedata.category(ch) in ("Cf", "Mn", "Me") or 0xFE00 <= ord(ch) <= 0xFE0F


def _draws(choice: FontChoice, cluster: str) -> bool:
    return all(has_glyph(choice, ch) for ch in cluster)


# --- emoji ------------------------------------------------------------------------------

_ZWJ = "\u200d"
_VS16 = "\ufe0f"
_KEYCAP = "\u20e3"


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
        or ch == _KEYCAP
    )


def graphemes(text: str) -> Iterator[str]:
    """``text`` cut into what a reader sees as one character: a letter with its marks,
    an emoji with its skin tone, ZWJ sequence (👩🏽‍💻), keycap or flag."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if _is_regional(text[i]) and j < n and _is_regional(text[j]):
            j += 1
        while j < n:
            if _extends(text[j]):
                j += 1
            elif text[j] == _ZWJ and j + 1 < n:
                j += 2
            elif text[j] == _ZWJ:
                j += 1
            else:
                break
        yield text[i:j]
        i = j


def is_emoji(cluster: str) -> bool:
    """True for a cluster a chat shows as an emoji picture."""
    if any(ch in (_VS16, _ZWJ, _KEYCAP) for ch in cluster[1:]) and not cluster[0].isspace():
        return True
    code = ord(cluster[0])
    return 0x1F000 <= code <= 0x1FAFF or 0x1F1E6 <= code <= 0x1F1FF


def placeholder_colour(cluster: str) -> tuple[int, int, int]:
    """The fill of an emoji's placeholder: the same emoji always gets the same colour,
    and different ones most likely different colours (two names differing only by an
    emoji stay apart). All are mid-tones that read on light and dark cards."""
    palette = (
        (214, 93, 72),
        (224, 152, 36),
        (132, 163, 58),
        (46, 158, 128),
        (58, 141, 201),
        (111, 108, 212),
        (176, 96, 186),
        (204, 84, 134),
    )
    return palette[zlib.crc32(cluster.encode("utf-8")) % len(palette)]


@dataclass(frozen=True)
class EmojiFont:
    """A colour emoji font, loaded at the one size it has (bitmap fonts have a fixed one)."""

    path: Path
    size: int

    def font(self) -> ImageFont.FreeTypeFont:
        return _load(str(self.path), 0, self.size)


# Bitmap colour fonts load only at a size they hold: Noto Color Emoji's is 109, Apple
# Color Emoji's 160 (among others); a scalable COLR font loads at any.
_EMOJI_SIZES = (109, 160, 96, 64)


@lru_cache(maxsize=8)
def _open_emoji(path: str) -> EmojiFont | None:
    for size in _EMOJI_SIZES:
        try:
            ImageFont.truetype(path, size)
        except OSError:
            continue
        return EmojiFont(Path(path), size)
    return None


def emoji_font() -> EmojiFont | None:
    """The colour emoji font: ``CAMP_EMOJI_FONT`` (a path, or ``none`` for placeholders
    only), else the first installed of ``EMOJI_CANDIDATES``; None without one."""
    named = os.environ.get("CAMP_EMOJI_FONT")
    if named:
        if named.lower() == "none":
            return None
        path = Path(named).expanduser()
        found = _open_emoji(str(path)) if path.is_file() else None
        if found is None:
            raise CampError(
                f"CAMP_EMOJI_FONT {named!r} is not a colour emoji font that can be read; "
                "fix the path, or set it to none to draw emoji as placeholders."
            )
        return found
    for path in EMOJI_CANDIDATES:
        if path.is_file():
            found = _open_emoji(str(path))
            if found is not None:
                return found
    return None


@lru_cache(maxsize=4096)
def _emoji_draws(path: str, size: int, cluster: str) -> bool:
    font = _load(path, 0, size)
    width = font.getlength(cluster)
    if width <= 0:
        return False
    image = Image.new("RGBA", (int(width) + 4, int(size * 1.4)))
    ImageDraw.Draw(image).text((0, 0), cluster, font=font, embedded_color=True)
    # One glyph wide: a sequence the font cannot join would come out as several pictures.
    return image.getbbox() is not None and width <= font.getlength("\U0001f600") * 1.05


# --- putting it together ---------------------------------------------------------------

#: Typographic characters drawn as their plain forms by a font that lacks them.
_PLAIN = {
    "–": "-",
    "—": "-",
    "‐": "-",
    "−": "-",
    "…": "...",
    "×": "x",
    "\u3000": " ",
    "\u00a0": " ",
}


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn one way: ``text`` in a text ``font``, or one ``emoji``
    cluster in colour, or a ``placeholder`` for an emoji no font here draws."""

    kind: str  # text | emoji | placeholder
    text: str
    font: FontChoice | None = None


@dataclass(frozen=True)
class FontSet:
    """The fonts one image draws with: text fonts in order of preference, and the
    colour emoji font (None: emoji become placeholders)."""

    text: tuple[FontChoice, ...]
    emoji: EmojiFont | None = None

    @property
    def primary(self) -> FontChoice:
        return self.text[0]


def runs(text: str, fonts: FontSet) -> list[Run]:
    """``text`` as runs: each cluster goes to the first font that draws it, an emoji to
    the colour font (or the text font, or a placeholder); spaces stay with the run
    before them, so a line keeps its spaces whatever its fonts."""
    out: list[Run] = []

    def add(kind: str, piece: str, font: FontChoice | None) -> None:
        if kind == "text" and out and out[-1].kind == "text" and out[-1].font == font:
            out[-1] = Run("text", out[-1].text + piece, font)
        else:
            out.append(Run(kind, piece, font))

    for cluster in graphemes(text):
        if cluster.isspace():
            font = out[-1].font if out and out[-1].kind == "text" else fonts.primary
            add("text", cluster, font)
            continue
        if is_emoji(cluster):
            if fonts.emoji is not None and _emoji_draws(
                str(fonts.emoji.path), fonts.emoji.size, cluster
            ):
                add("emoji", cluster, None)
                continue
            bare = cluster.replace(_VS16, "")
            plain_font = next((f for f in fonts.text if _draws(f, bare)), None)
            if len(bare) == 1 and plain_font is not None:
                add("text", bare, plain_font)
            else:
                add("placeholder", cluster, None)
            continue
        font = next((f for f in fonts.text if _draws(f, cluster)), None)
        if font is not None:
            add("text", cluster, font)
            continue
        plain = _PLAIN.get(cluster)
        font = next((f for f in fonts.text if _draws(f, plain)), None) if plain else None
        if plain and font is not None:
            add("text", plain, font)
        else:
            add("placeholder", cluster, None)
    return out


def _needs(text: str) -> Iterator[str]:
    """The clusters of ``text`` a text font must draw (not spaces, not emoji)."""
    for cluster in graphemes(text):
        if not cluster.isspace() and not is_emoji(cluster):
            yield cluster


def _uncovered(clusters: Iterable[str], fonts: Iterable[FontChoice]) -> list[str]:
    chain = list(fonts)
    missing = []
    for cluster in clusters:
        if any(_draws(f, cluster) for f in chain):
            continue
        plain = _PLAIN.get(cluster)
        if plain and any(_draws(f, plain) for f in chain):
            continue
        missing.append(cluster)
    return missing


def _listed(clusters: list[str], limit: int = 8) -> str:
    shown = ", ".join(clusters[:limit])
    return shown + (f" and {len(clusters) - limit} more" if len(clusters) > limit else "")


def _is_cjk(cluster: str) -> bool:
    return unicodedata.east_asian_width(cluster[0]) in ("W", "F")


def font_set_for(
    texts: Iterable[str], preferred: str | None = None, *, font: FontChoice | None = None
) -> FontSet:
    """The fonts that draw every one of ``texts`` (all the text of one image).

    The operator's font (``font`` as given, else ``preferred``, the camp's ``font``
    setting, then ``CAMP_FONT``) is used alone and must draw all but the emoji. Otherwise: Pillow's own font when it
    draws everything (a plain Latin camp), else the first installed font that does, else
    installed fonts in turn. Characters no font draws raise ``CampError`` naming them
    and what to install.
    """
    needed = list(dict.fromkeys(c for text in texts for c in _needs(" ".join(text.split()))))
    emoji = emoji_font()
    chosen = (font, "The font") if font is not None else _chosen_font(preferred)
    if chosen is not None:
        choice, origin = chosen
        missing = _uncovered(needed, [choice])
        if missing:
            installed = _installed((*CANDIDATES, *LATIN_CANDIDATES))
            helper = next((f for f in installed if not _uncovered(missing, [f])), None)
            if helper is not None:
                fix = f"point it at a font that has them, such as {helper.label}, or remove it"
            elif any(map(_is_cjk, missing)):
                fix = (
                    "install a font that has them (for example `apt install "
                    "fonts-wqy-microhei`) and point it there, or remove it"
                )
            else:
                fix = "point it at a font that has them, or remove it"
            raise CampError(
                f"{origin} {choice.label} has no glyph for characters this image must show "
                f"({_listed(missing)}); {fix}."
            )
        return FontSet((choice,), emoji)
    if not _uncovered(needed, [BUNDLED]):
        return FontSet((BUNDLED,), emoji)
    system = _installed(CANDIDATES) if any(map(_is_cjk, needed)) else []
    system += _installed(LATIN_CANDIDATES)
    system += [f for f in _installed(CANDIDATES) if f not in system]
    for font in system:
        if not _uncovered(needed, [font]):
            return FontSet((font,), emoji)
    # No one font draws it all: the one that draws most leads, the others fill in.
    chain: list[FontChoice] = []
    rest = needed
    for font in sorted(system, key=lambda f: len(_uncovered(rest, [f]))):
        left = _uncovered(rest, [font])
        if len(left) < len(rest):
            chain.append(font)
            rest = left
    missing = _uncovered(rest, [BUNDLED])
    if missing:
        what = "Chinese characters" if all(map(_is_cjk, missing)) else "characters"
        raise CampError(
            f"No installed font draws the {what} this image must show ({_listed(missing)}); "
            f"{_INSTALL_HINT} that has them."
        )
    return FontSet((*chain, BUNDLED) if chain else (BUNDLED,), emoji)
