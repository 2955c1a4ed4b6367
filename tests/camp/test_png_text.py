"""The text of the PNG cards and certificates: which fonts draw it, emoji, names that
do not fit, and how the images look (compared with golden images).

Golden images live in tests/data/cards/ at half the size of the real ones, in 128
colours. After a
deliberate change of the drawing, look at the new images, then regenerate them with

    CAMP_UPDATE_GOLDEN_IMAGES=1 .venv/bin/python -m pytest tests/camp/test_png_text.py

and commit them. The Chinese ones are drawn with WenQuanYi Micro Hei (CI installs
fonts-wqy-microhei) and are skipped without it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from camp.definition import parse_definition
from camp.errors import CampError
from camp.exporters import fonts
from camp.exporters.fonts import (
    BUNDLED,
    FontChoice,
    FontSet,
    Run,
    emoji_font,
    font_set_for,
    graphemes,
    placeholder_colour,
    runs,
)
from camp.exporters.png import (
    _HEADER_H,
    _HEADS_H,
    _NAME_X,
    _ROW_H,
    CARD_THEMES,
    CARD_WIDTH,
    _Canvas,
    render_certificate_png,
    render_leaderboard_png,
)
from camp.leaderboard import Leaderboard
from camp.models import Camp
from camp.scoring import Standing

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = DATA / "cards"
UPDATE_ENV = "CAMP_UPDATE_GOLDEN_IMAGES"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

RGB = tuple[int, int, int]


@pytest.fixture(autouse=True)
def no_font_from_environment(monkeypatch):
    """The developer's CAMP_FONT or CAMP_EMOJI_FONT never decides a test."""
    monkeypatch.delenv("CAMP_FONT", raising=False)
    monkeypatch.delenv("CAMP_EMOJI_FONT", raising=False)


@pytest.fixture
def no_system_fonts(monkeypatch):
    """A machine with no font installed: only Pillow's own font is there."""
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.setattr(fonts, "LATIN_CANDIDATES", ())
    monkeypatch.setattr(fonts, "EMOJI_CANDIDATES", ())


@pytest.fixture
def placeholders(monkeypatch):
    """Emoji drawn as placeholders, whether or not a colour emoji font is installed."""
    monkeypatch.setenv("CAMP_EMOJI_FONT", "none")


@pytest.fixture
def latin_font_file(tmp_path) -> Path:
    """A real font file without Chinese: Pillow's own font, written out."""
    font = ImageFont.load_default(10)
    assert isinstance(font.path, io.BytesIO)
    path = tmp_path / "Aileron-Regular.otf"
    path.write_bytes(font.path.getvalue())
    return path


@pytest.fixture
def wqy(monkeypatch) -> Path:
    if not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei is not installed (apt install fonts-wqy-microhei)")
    return WQY


@pytest.fixture
def colour_emoji():
    found = emoji_font()
    if found is None:
        pytest.skip("no colour emoji font installed (apt install fonts-noto-color-emoji)")
    return found


def make_camp(language: str = "en", name: str = "Morning Reading", days: int = 21) -> Camp:
    definition = parse_definition(
        {
            "camp": {"name": name, "days": days, "language": language},
            "windows": [{"name": "day", "open": "06:00", "due": "09:00"}],
        }
    )
    return Camp(
        id=1,
        slug="morning",
        name=definition.name,
        template=None,
        timezone=definition.timezone,
        start=dt.date(2024, 5, 6),
        days=days,
        status="active",
        definition=definition,
    )


def standing(
    rank: int, name: str, *, points: int = 100, streak: int = 0, members: tuple = ()
) -> Standing:
    return Standing(
        rank=rank,
        name=name,
        points=points,
        on_time=5,
        late=1,
        makeup=0,
        streak=streak,
        best_streak=max(streak, 3),
        members=members or (name,),
        last_counted_at=None,
        mask=0,
    )


def make_board(entries: list[Standing], camp: Camp | None = None, by: str = "member"):
    return Leaderboard(
        camp=camp or make_camp(),
        by=by,
        as_of_day=3,
        still_open=False,
        entries=entries,
        total_entries=len(entries),
    )


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def inked_columns(image: Image.Image, box: tuple[int, int, int, int], background: RGB) -> list:
    """The x of every column of ``box`` with a pixel that clearly differs from ``background``."""
    x0, _, x1, _ = box
    crop = image.crop(box)
    width = x1 - x0
    pixels = list(crop.get_flattened_data())
    inked = set()
    for i, pixel in enumerate(pixels):
        if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > 40:
            inked.add(x0 + i % width)
    return sorted(inked)


def row_box(index: int, x0: int = 0, x1: int = CARD_WIDTH) -> tuple[int, int, int, int]:
    top = _HEADER_H + _HEADS_H + index * _ROW_H
    return (x0, top + 4, x1, top + _ROW_H - 4)


def has_colour(image: Image.Image, box: tuple[int, int, int, int], colour: RGB) -> bool:
    return any(
        max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 12
        for pixel in image.crop(box).get_flattened_data()
    )


LATIN = [
    standing(1, "Zoe 👩🏽‍💻", points=412, streak=6),
    standing(2, "Alexandria Konstantinopoulou-Papadopoulou-Smith", points=398, streak=4),
    standing(3, "Alexandria Konstantinopoulou-Papadopoulou-Smythe", points=377),
    standing(4, "Bob 🐱", points=350, streak=2),
    standing(4, "Bob 🐶", points=350),
    standing(6, "Li", points=12),
]


# --- fonts ---------------------------------------------------------------------------


def test_a_latin_camp_needs_no_installed_font(no_system_fonts, placeholders):
    assert font_set_for(["Alice", "Bob & Carol", "Day 3/21 · 412 pts"]) == FontSet((BUNDLED,))
    board = make_board(LATIN)
    for theme in ("light", "dark"):
        card = open_png(render_leaderboard_png(board, theme=theme))
        background = CARD_THEMES[theme].stripe
        assert len(inked_columns(card, row_box(1, _NAME_X, _NAME_X + 300), background)) > 200
    certificate = open_png(
        render_certificate_png(
            make_camp(),
            LATIN[0],
            by="member",
            total_entries=6,
            dates=(dt.date(2024, 5, 6), dt.date(2024, 5, 26)),
        )
    )
    assert certificate.size == (1600, 1131)


def test_a_chinese_camp_without_a_chinese_font_says_what_to_install(no_system_fonts):
    board = make_board([standing(1, "小明")], camp=make_camp("zh", "晨读营"))
    with pytest.raises(CampError) as info:
        render_leaderboard_png(board)
    message = str(info.value)
    assert message.startswith("No installed font draws the Chinese characters this image")
    assert "(晨, 读, 营, " in message and " more)" in message
    assert "apt install fonts-wqy-microhei" in message and "CAMP_FONT" in message
    assert message.endswith(".") and message.count(". ") == 0  # one sentence


def test_a_name_in_letters_no_font_here_draws_is_named(no_system_fonts):
    # Pillow's own font has ASCII only: a Zoë with nothing else installed is named.
    with pytest.raises(CampError, match=r"draws the characters this image must show \(ë\)"):
        font_set_for(["Morning Reading", "Zoë"])


def test_an_accented_name_takes_an_installed_font_that_has_it():
    installed = [FontChoice(p, i) for p, i in fonts.LATIN_CANDIDATES + fonts.CANDIDATES]
    if not any(choice.path and choice.path.is_file() for choice in installed):
        pytest.skip("no system font installed")
    chosen = font_set_for(["Zoë Łukasz Ærøskøbing"])
    assert chosen.primary != BUNDLED
    assert runs("Zoë", chosen) == [Run("text", "Zoë", chosen.primary)]


def test_a_chosen_font_without_chinese_is_refused_naming_the_characters(
    latin_font_file, monkeypatch
):
    monkeypatch.setenv("CAMP_FONT", str(latin_font_file))
    names = [
        standing(i + 1, name) for i, name in enumerate(["小明", "小红", "张伟", "王芳", "李娜"])
    ]
    board = make_board(names, camp=make_camp("zh", "晨读营"))
    with pytest.raises(CampError) as info:
        render_leaderboard_png(board)
    message = str(info.value)
    assert message.startswith(f"CAMP_FONT {latin_font_file} has no glyph for characters this")
    assert "(晨, 读, 营, " in message and " more)" in message
    assert message.endswith(", or remove it.") and message.count(". ") == 0
    # Where a font that has them is installed, the sentence names it.
    if WQY.is_file():
        assert str(WQY) in message


def test_the_camps_own_font_is_checked_the_same_way(latin_font_file):
    camp = make_camp("en")
    camp = dataclasses.replace(
        camp, definition=dataclasses.replace(camp.definition, font=str(latin_font_file))
    )
    with pytest.raises(CampError, match=r"^The camp's font .* has no glyph for .*\(小, 明\)"):
        render_leaderboard_png(make_board([standing(1, "小明")], camp=camp))
    # Latin names it draws: the card is made with it.
    assert render_leaderboard_png(make_board([standing(1, "Alice")], camp=camp))


def test_a_chosen_font_that_covers_the_text_is_used_alone(latin_font_file, monkeypatch):
    monkeypatch.setenv("CAMP_FONT", str(latin_font_file))
    assert font_set_for(["Alice", "Bob"]).text == (FontChoice(latin_font_file),)


def test_a_broken_emoji_font_setting_is_one_sentence(tmp_path, monkeypatch):
    broken = tmp_path / "emoji.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv("CAMP_EMOJI_FONT", str(broken))
    with pytest.raises(CampError, match=r"CAMP_EMOJI_FONT .*emoji\.ttf.* set it to none"):
        emoji_font()


# --- emoji ---------------------------------------------------------------------------


def test_clusters_keep_an_emoji_whole():
    text = "a👩🏽‍💻🇨🇳1️⃣e\u0301 ❤️"
    assert list(graphemes(text)) == ["a", "👩🏽‍💻", "🇨🇳", "1️⃣", "e\u0301", " ", "❤️"]


def test_an_emoji_without_a_colour_font_is_a_placeholder_between_single_spaces(placeholders):
    assert runs("Zoe 👩🏽‍💻 Li", FontSet((BUNDLED,))) == [
        Run("text", "Zoe ", BUNDLED),
        Run("placeholder", "👩🏽‍💻"),
        Run("text", " Li", BUNDLED),
    ]


def test_emoji_placeholders_are_drawn_and_tell_names_apart(no_system_fonts, placeholders):
    def card(name: str) -> Image.Image:
        return open_png(render_leaderboard_png(make_board([standing(2, name)])))

    plain, cat, dog = card("Bob"), card("Bob 🐱"), card("Bob 🐶")
    box = row_box(0, _NAME_X, _NAME_X + 200)
    assert placeholder_colour("🐱") != placeholder_colour("🐶")
    assert has_colour(cat, box, placeholder_colour("🐱"))
    assert has_colour(dog, box, placeholder_colour("🐶"))
    crops = {image.crop(box).tobytes() for image in (plain, cat, dog)}
    assert len(crops) == 3


def test_an_emoji_takes_its_place_with_one_space_on_each_side(no_system_fonts, placeholders):
    background = CARD_THEMES["light"].background

    def name_columns(name: str) -> list[int]:
        image = open_png(render_leaderboard_png(make_board([standing(2, name)])))
        return inked_columns(image, row_box(0, _NAME_X, _NAME_X + 400), background)

    def gaps(columns: list[int]) -> list[int]:
        return sorted((b - a for a, b in itertools.pairwise(columns)), reverse=True)

    plain, emoji = name_columns("Zoe Li"), name_columns("Zoe 👩🏽‍💻 Li")
    space = gaps(plain)[0]
    # Two gaps of about one space (before and after the emoji), none wider: the emoji
    # neither vanished (one double-width gap) nor ran into the letters (no gap).
    assert [abs(gap - space) <= 2 for gap in gaps(emoji)[:2]] == [True, True]
    assert gaps(emoji)[2] < space / 2
    # And it is as wide as a letter or two.
    assert emoji[-1] - plain[-1] > 24


def test_colour_emoji_are_drawn_in_colour(colour_emoji):
    assert runs("👩🏽‍💻", FontSet((BUNDLED,), colour_emoji)) == [Run("emoji", "👩🏽‍💻")]
    image = open_png(render_leaderboard_png(make_board([standing(2, "🔥 Fire")])))
    saturated = [
        p
        for p in image.crop(row_box(0, _NAME_X, _NAME_X + 60)).get_flattened_data()
        if p[0] - p[2] > 120
    ]
    assert len(saturated) > 50
    assert not has_colour(image, row_box(0, _NAME_X, _NAME_X + 60), placeholder_colour("🔥"))


# --- names that do not fit -----------------------------------------------------------


def canvas() -> _Canvas:
    return _Canvas((10, 10), (255, 255, 255), FontSet((BUNDLED,)))


def test_a_name_shrinks_before_it_is_cut():
    c = canvas()
    name = "Alexandria Konstantinopoulou"
    room = c.width(name, 32) - 20
    assert c.fit(name, 32, room, min_size=24)[0] == name
    assert c.fit(name, 32, room, min_size=24)[1] < 32
    cut, size = c.fit(name, 32, c.width(name, 24) - 40, min_size=24)
    assert size == 24 and "…" in cut and cut.startswith("Alex") and cut.endswith("lou")


def test_a_cut_keeps_the_end_that_tells_two_names_apart():
    c = canvas()
    smith = "Alexandria Konstantinopoulou-Papadopoulou-Smith"
    smythe = "Alexandria Konstantinopoulou-Papadopoulou-Smythe"
    room = 300
    cuts = [c.cut(name, 24, room, [smith, smythe]) for name in (smith, smythe)]
    assert cuts[0] != cuts[1]
    assert cuts[0].endswith("Smith") and cuts[1].endswith("Smythe")
    assert all(cut.startswith("Alex") and "…" in cut for cut in cuts)
    assert all(c.width(cut, 24) <= room for cut in cuts)
    # Names that differ only in the middle keep enough of the end to differ there.
    maria, sofia = "Anna Maria Featherstonehaugh", "Anna Sofia Featherstonehaugh"
    cuts = [c.cut(name, 24, 260, [maria, sofia]) for name in (maria, sofia)]
    assert cuts[0] != cuts[1]


def test_long_names_never_push_the_points_or_streak_columns(no_system_fonts, placeholders):
    def card(entries):
        return open_png(render_leaderboard_png(make_board(entries)))

    short = card([standing(2, "A", points=398, streak=4), standing(3, "B", points=377)])
    long = card([standing(2, LATIN[1].name, points=398, streak=4), standing(3, "B", points=377)])
    right = row_box(0, 715, CARD_WIDTH)
    assert short.crop(right).tobytes() == long.crop(right).tobytes()


def test_a_pair_that_does_not_fit_one_line_takes_two(wqy, placeholders):
    camp = make_camp("zh", "晨读营")
    short = standing(1, "P", members=("小明", "小红"))
    long = standing(
        2, "Q", streak=3, members=("Alexandria Konstantinopoulou", "Bartholomew Featherstonehaugh")
    )
    image = open_png(render_leaderboard_png(make_board([short, long], camp=camp, by="pair")))
    background = CARD_THEMES["light"].stripe
    top = _HEADER_H + _HEADS_H + _ROW_H
    upper = (_NAME_X, top + 6, _NAME_X + 500, top + _ROW_H // 2 - 2)
    lower = (_NAME_X, top + _ROW_H // 2 + 2, _NAME_X + 500, top + _ROW_H - 6)
    assert len(inked_columns(image, upper, background)) > 200
    assert len(inked_columns(image, lower, background)) > 200
    # Both names whole: the second line ends with "Featherstonehaugh", nothing cut.
    c = _Canvas((10, 10), (0, 0, 0), font_set_for([long.members[1]], str(wqy)))
    assert c.fit("& " + long.members[1], 26, 540, min_size=21)[0].endswith("haugh")
    # The short pair stays on one line, centred on its row.
    first = (_NAME_X, _HEADER_H + _HEADS_H + 4, _NAME_X + 300, _HEADER_H + _HEADS_H + 20)
    assert not inked_columns(image, first, CARD_THEMES["light"].band)


# --- golden images -------------------------------------------------------------------


def compare_with_golden(name: str, data: bytes, tmp_path: Path) -> None:
    """``data`` (a PNG) looks like tests/data/cards/NAME.png, at half size, within a
    tolerance for the small differences of another FreeType or resampling."""
    image = open_png(data)
    small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    golden_path = GOLDEN / f"{name}.png"
    if os.environ.get(UPDATE_ENV):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        # 128 colours keep a golden small (a fifth of the bytes) and within 0.4 of a
        # level of the drawing on average, well inside the tolerance below.
        palette = small.quantize(128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        palette.save(golden_path, optimize=True)
        return
    if not golden_path.is_file():
        pytest.fail(f"{golden_path} is missing; make it with {UPDATE_ENV}=1 (see the docstring).")
    with Image.open(golden_path) as stored:
        golden = stored.convert("RGB")
    actual = tmp_path / f"{name}.png"
    small.save(actual)
    assert golden.size == small.size, f"{name}: {small.size} not {golden.size}; see {actual}"
    histogram = ImageChops.difference(golden, small).convert("L").histogram()
    pixels = small.width * small.height
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    far = sum(histogram[64:]) / pixels
    assert mean < 1.5 and far < 0.004, (
        f"{name} differs from its golden image (mean {mean:.2f}, {far:.2%} of pixels far "
        f"off): look at {actual}, and if it is right regenerate with {UPDATE_ENV}=1"
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_latin_card_and_certificate_look_as_they_should(
    theme, no_system_fonts, placeholders, tmp_path
):
    card = render_leaderboard_png(make_board(LATIN), theme=theme)
    compare_with_golden(f"card-en-{theme}", card, tmp_path)
    certificate = render_certificate_png(
        make_camp(),
        standing(1, "Zoe 👩🏽‍💻", points=412, streak=6),
        by="member",
        total_entries=20,
        dates=(dt.date(2024, 5, 6), dt.date(2024, 5, 26)),
        theme=theme,
    )
    compare_with_golden(f"certificate-en-{theme}", certificate, tmp_path)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chinese_pair_card_and_certificate_look_as_they_should(
    theme, wqy, placeholders, monkeypatch, tmp_path
):
    monkeypatch.setenv("CAMP_FONT", str(wqy))
    camp = make_camp("zh", "晨读营 Morning reading", days=7)
    pairs = [
        standing(1, "P1", points=820, members=("李娜", "Jonas Schmidt")),
        standing(
            2,
            "P2",
            points=790,
            streak=3,
            members=("Alexandria Konstantinopoulou", "Bartholomew Featherstonehaugh"),
        ),
        standing(3, "P3", points=700, members=("小明", "小红 🌟")),
        standing(4, "P4", points=650, streak=2, members=("张伟", "王芳")),
    ]
    card = render_leaderboard_png(make_board(pairs, camp=camp, by="pair"), theme=theme)
    compare_with_golden(f"card-zh-pairs-{theme}", card, tmp_path)
    certificate = render_certificate_png(
        camp,
        pairs[1],
        by="pair",
        total_entries=12,
        dates=(dt.date(2024, 5, 6), dt.date(2024, 5, 12)),
        theme=theme,
    )
    compare_with_golden(f"certificate-zh-pair-{theme}", certificate, tmp_path)
