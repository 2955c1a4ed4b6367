"""PNG exports: the leaderboard card, the certificate, and the font they draw with."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from camp.definition import parse_definition
from camp.errors import CampError
from camp.exporters import fonts
from camp.exporters.fonts import FontChoice, find_font, has_glyph, load_font
from camp.exporters.png import (
    _HEADER_H,
    _HEADS_H,
    _NAME_X,
    _POINTS_END,
    _ROW_H,
    CARD_THEMES,
    CARD_WIDTH,
    CERTIFICATE_SIZE,
    CERTIFICATE_THEMES,
    contrast_ratio,
    leaderboard_pages,
    render_certificate_png,
    render_leaderboard_png,
)
from camp.leaderboard import Leaderboard
from camp.models import Camp
from camp.scoring import Standing

RGB = tuple[int, int, int]


@pytest.fixture(autouse=True)
def no_font_from_environment(monkeypatch):
    """The developer's own CAMP_FONT never decides a test, nor an emoji font installed
    or not (emoji are placeholders here; tests/camp/test_png_text.py draws them too)."""
    monkeypatch.delenv("CAMP_FONT", raising=False)
    monkeypatch.setenv("CAMP_EMOJI_FONT", "none")


@pytest.fixture
def cjk_font() -> FontChoice:
    try:
        return find_font()
    except CampError:
        pytest.skip("no CJK font installed (apt install fonts-wqy-microhei)")


def make_camp(language: str = "zh", font: str | None = None, days: int = 21) -> Camp:
    data: dict = {
        "camp": {"name": "晨读营 Morning reading", "days": days, "language": language},
        "windows": [{"name": "day", "open": "06:00", "due": "09:00"}],
    }
    if font is not None:
        data["camp"]["font"] = font
    definition = parse_definition(data)
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
    rank: int,
    name: str,
    *,
    points: int = 100,
    streak: int = 0,
    members: tuple[str, ...] | None = None,
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


def make_board(
    entries: list[Standing],
    *,
    camp: Camp | None = None,
    by: str = "member",
    total: int | None = None,
    as_of_day: int = 3,
) -> Leaderboard:
    return Leaderboard(
        camp=camp or make_camp(),
        by=by,
        as_of_day=as_of_day,
        still_open=False,
        entries=entries,
        total_entries=len(entries) if total is None else total,
    )


def ranked(n: int) -> list[Standing]:
    return [standing(i + 1, f"成员{i + 1}", points=1000 - i, streak=i % 5) for i in range(n)]


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def ink(image: Image.Image, box: tuple[int, int, int, int], background: RGB) -> int:
    """Pixels of ``box`` that clearly differ from ``background``."""
    return sum(
        1
        for pixel in image.crop(box).get_flattened_data()
        if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > 40
    )


def ink_right_edge(image: Image.Image, box: tuple[int, int, int, int], background: RGB) -> int:
    """The x of the rightmost inked column of ``box`` (``box[0]`` when none)."""
    x0, y0, x1, y1 = box
    for x in range(x1 - 1, x0 - 1, -1):
        if ink(image, (x, y0, x + 1, y1), background):
            return x
    return x0


def row_box(index: int, x0: int = 0, x1: int = CARD_WIDTH) -> tuple[int, int, int, int]:
    top = _HEADER_H + _HEADS_H + index * _ROW_H
    return (x0, top + 4, x1, top + _ROW_H - 4)


def name_box(index: int) -> tuple[int, int, int, int]:
    return row_box(index, _NAME_X, _POINTS_END - 200)


def card_height(rows: int) -> int:
    return open_png(render_leaderboard_png(make_board(ranked(rows)))).height


# --- colours ---------------------------------------------------------------


@pytest.mark.parametrize("theme", sorted(CARD_THEMES))
def test_card_text_contrast_is_readable_on_every_surface(theme):
    c = CARD_THEMES[theme]
    pairs = [
        (c.text, c.background),
        (c.muted, c.background),
        (c.text, c.stripe),
        (c.muted, c.stripe),
        (c.text, c.band),
        (c.band_muted, c.band),
        (c.header_text, c.header),
        (c.header_muted, c.header),
    ]
    for text, surface in pairs:
        assert contrast_ratio(text, surface) >= 4.5, (theme, text, surface)


@pytest.mark.parametrize("theme", sorted(CERTIFICATE_THEMES))
def test_certificate_text_contrast_is_readable(theme):
    c = CERTIFICATE_THEMES[theme]
    assert contrast_ratio(c.text, c.background) >= 4.5
    assert contrast_ratio(c.muted, c.background) >= 4.5
    assert contrast_ratio(c.badge_text, c.accent) >= 4.5


def test_contrast_ratio_extremes():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((120, 30, 200), (120, 30, 200)) == pytest.approx(1)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == contrast_ratio((255, 255, 255), (0, 0, 0))


def test_dark_theme_is_dark_and_light_theme_is_light(cjk_font):
    board = make_board(ranked(3))
    dark = open_png(render_leaderboard_png(board, theme="dark", font=cjk_font))
    light = open_png(render_leaderboard_png(board, theme="light", font=cjk_font))
    # A spot of plain background under the rows, left of the footer text.
    spot = (4, dark.height - 4)
    assert dark.getpixel(spot) == CARD_THEMES["dark"].background
    assert sum(dark.getpixel(spot)) < 150
    assert light.getpixel(spot) == CARD_THEMES["light"].background
    assert sum(light.getpixel(spot)) > 600


def test_unknown_theme_is_refused(cjk_font):
    with pytest.raises(CampError, match="sepia"):
        render_leaderboard_png(make_board(ranked(2)), theme="sepia", font=cjk_font)


# --- the card --------------------------------------------------------------


def test_card_is_1080_wide_and_grows_by_one_row_height_per_row(cjk_font):
    heights = [card_height(n) for n in (1, 2, 10)]
    assert open_png(render_leaderboard_png(make_board(ranked(1)))).width == CARD_WIDTH
    assert heights[1] - heights[0] == _ROW_H
    assert heights[2] - heights[0] == 9 * _ROW_H


def test_header_and_first_name_are_drawn(cjk_font):
    image = open_png(render_leaderboard_png(make_board(ranked(4)), font=cjk_font))
    theme = CARD_THEMES["light"]
    assert ink(image, (0, 0, CARD_WIDTH, _HEADER_H - 10), theme.header) > 2000
    # Row 0 is the MVP: its name sits on the gold band.
    assert ink(image, name_box(0), theme.band) > 300
    assert ink(image, name_box(2), theme.background) > 300


def test_mvp_rows_are_on_the_gold_band_and_others_are_not(cjk_font):
    # Two entries tie for first: both are MVPs.
    entries = [standing(1, "Alice"), standing(1, "小明"), standing(3, "Bob")]
    for theme in ("light", "dark"):
        image = open_png(render_leaderboard_png(make_board(entries), theme=theme, font=cjk_font))
        gold = CARD_THEMES[theme].band
        edge = CARD_WIDTH - 6
        assert image.getpixel((edge, row_box(0)[1] + 30)) == gold
        assert image.getpixel((edge, row_box(1)[1] + 30)) == gold
        assert image.getpixel((edge, row_box(2)[1] + 30)) != gold


def test_mvp_row_has_a_crown_after_the_name(cjk_font):
    alone = make_board([standing(1, "B"), standing(2, "B")])
    image = open_png(render_leaderboard_png(alone, font=cjk_font))
    crown = CARD_THEMES["light"].crown
    right_of_name = (_NAME_X + 40, row_box(0)[1], _NAME_X + 140, row_box(0)[3])
    assert ink(image, right_of_name, CARD_THEMES["light"].band) > 100
    assert any(
        max(abs(a - b) for a, b in zip(p, crown, strict=True)) < 30
        for p in image.crop(right_of_name).get_flattened_data()
    )
    # The runner-up with the same name has no crown beside it.
    assert ink(image, row_box(1, _NAME_X + 40, _NAME_X + 140), CARD_THEMES["light"].stripe) == 0


def test_a_cjk_name_is_drawn_with_real_glyphs(cjk_font):
    font = load_font(cjk_font, 40)

    def drawn(text: str) -> bytes:
        image = Image.new("L", (200, 60), 0)
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
        return image.tobytes()

    assert drawn("小明") != drawn("\U0010fffd\U0010fffd")
    assert has_glyph(cjk_font, "小") and has_glyph(cjk_font, "明")
    assert not has_glyph(cjk_font, "\U0010fffd")
    image = open_png(render_leaderboard_png(make_board([standing(1, "小明")]), font=cjk_font))
    assert ink(image, name_box(0), CARD_THEMES["light"].band) > 300


def test_a_pair_shows_both_names(cjk_font):
    entry = standing(2, "P", members=("Alice", "Bobby Tables"))
    as_pair = open_png(render_leaderboard_png(make_board([entry], by="pair"), font=cjk_font))
    as_team = open_png(render_leaderboard_png(make_board([entry], by="team"), font=cjk_font))
    background = CARD_THEMES["light"].background
    pair_edge = ink_right_edge(as_pair, name_box(0), background)
    team_edge = ink_right_edge(as_team, name_box(0), background)
    assert team_edge < _NAME_X + 40  # just "P"
    assert pair_edge > _NAME_X + 200  # "Alice & Bobby Tables"


def test_a_long_name_is_cut_before_the_points_column(cjk_font):
    def card(name: str) -> Image.Image:
        board = make_board([standing(2, name, points=1)])
        return open_png(render_leaderboard_png(board, font=cjk_font))

    short, long = card("短"), card("很长很长的名字" * 12)
    background = CARD_THEMES["light"].background
    # The points (no streak on the card: at the right edge) start where the short
    # name's row has ink again after the name.
    points_left = next(
        x for x in range(_NAME_X + 60, CARD_WIDTH) if ink(short, row_box(0, x, x + 1), background)
    )
    edge = ink_right_edge(long, row_box(0, _NAME_X, points_left), background)
    assert points_left - 120 < edge < points_left - 16
    # The points did not move for the long name.
    right = row_box(0, points_left, CARD_WIDTH)
    assert long.crop(right).tobytes() == short.crop(right).tobytes()


def test_streaks_are_drawn_from_two_days(cjk_font):
    entries = [standing(2, "A", streak=0), standing(3, "B", streak=6)]
    image = open_png(render_leaderboard_png(make_board(entries), font=cjk_font))
    theme = CARD_THEMES["light"]
    streak_box = (860, 0, CARD_WIDTH - 20, 0)
    assert ink(image, row_box(0, streak_box[0], streak_box[2]), theme.background) == 0
    assert ink(image, row_box(1, streak_box[0], streak_box[2]), theme.stripe) > 200


def test_empty_leaderboard_says_so(cjk_font):
    image = open_png(render_leaderboard_png(make_board([]), font=cjk_font))
    assert image.width == CARD_WIDTH
    background = CARD_THEMES["light"].background
    middle = (200, _HEADER_H + 40, CARD_WIDTH - 200, _HEADER_H + 140)
    assert ink(image, middle, background) > 300
    assert leaderboard_pages(make_board([])) == 1


@pytest.mark.parametrize("rows", [0, 1, 7])
def test_footer_is_at_the_bottom(cjk_font, rows):
    image = open_png(render_leaderboard_png(make_board(ranked(rows)), font=cjk_font))
    background = CARD_THEMES["light"].background
    stamp = (CARD_WIDTH - 400, image.height - 60, CARD_WIDTH - 40, image.height - 16)
    assert ink(image, stamp, background) > 100
    # Nothing but background in the band above the footer's rule.
    assert ink(image, (0, image.height - 90, CARD_WIDTH, image.height - 80), background) == 0


def test_english_and_chinese_cards_differ(cjk_font):
    entries = ranked(3)
    zh = render_leaderboard_png(make_board(entries, camp=make_camp("zh")), font=cjk_font)
    en = render_leaderboard_png(make_board(entries, camp=make_camp("en")), font=cjk_font)
    assert zh != en


# --- pages -----------------------------------------------------------------


def test_sixty_entries_make_three_pages_the_last_with_ten_rows(cjk_font):
    board = make_board(ranked(60))
    assert leaderboard_pages(board, per_page=25) == 3
    pages = [
        open_png(render_leaderboard_png(board, page=p, per_page=25, font=cjk_font))
        for p in (1, 2, 3)
    ]
    assert pages[0].height == pages[1].height == card_height(25)
    assert pages[2].height == card_height(10)
    # The page number is in the footer of a paged card and not of a single one.
    footer = (0, pages[2].height - 60, 300, pages[2].height - 10)
    background = CARD_THEMES["light"].background
    assert ink(pages[2], footer, background) > 50
    single = open_png(render_leaderboard_png(make_board(ranked(10)), font=cjk_font))
    assert ink(single, footer, background) == 0


def test_pages_out_of_range_are_refused(cjk_font):
    board = make_board(ranked(30))
    for page in (0, 3):
        with pytest.raises(CampError, match="2 page"):
            render_leaderboard_png(board, page=page, per_page=25, font=cjk_font)
    with pytest.raises(CampError):
        leaderboard_pages(board, per_page=0)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=60))
def test_pages_hold_every_entry_once(n, per_page):
    board = make_board([standing(1, "x")] * n)
    pages = leaderboard_pages(board, per_page)
    assert pages >= 1
    assert (pages - 1) * per_page < max(n, 1) <= pages * per_page


def test_hidden_entries_add_a_line_on_the_last_page(cjk_font):
    shown = ranked(5)
    full = open_png(render_leaderboard_png(make_board(shown), font=cjk_font))
    topped = open_png(render_leaderboard_png(make_board(shown, total=9), font=cjk_font))
    assert topped.height == full.height + _ROW_H


# --- the certificate -------------------------------------------------------


def certificate(entry: Standing, **kwargs) -> Image.Image:
    options = {
        "by": "member",
        "total_entries": 20,
        "dates": (dt.date(2024, 5, 6), dt.date(2024, 5, 26)),
    }
    options.update(kwargs)
    camp = options.pop("camp", make_camp())
    return open_png(render_certificate_png(camp, entry, **options))


def test_certificate_is_a4_landscape_with_the_name_drawn(cjk_font):
    image = certificate(standing(3, "小明"), font=cjk_font)
    assert image.size == CERTIFICATE_SIZE
    assert abs(image.width / image.height - 297 / 210) < 0.01
    background = CERTIFICATE_THEMES["light"].background
    assert image.getpixel((300, 300)) == background
    assert ink(image, (500, 440, 1100, 560), background) > 2000
    # The border runs round the edge.
    accent = CERTIFICATE_THEMES["light"].accent
    assert image.getpixel((40, image.height // 2)) == accent


def test_certificate_marks_the_mvp(cjk_font):
    mvp = certificate(standing(1, "小明"), font=cjk_font)
    third = certificate(standing(3, "小明"), font=cjk_font)
    accent = CERTIFICATE_THEMES["light"].accent

    def badge_pixels(image: Image.Image) -> int:
        return sum(1 for p in image.crop((300, 640, 1300, 700)).get_flattened_data() if p == accent)

    assert badge_pixels(mvp) > 500
    assert badge_pixels(third) == 0


def test_certificate_dark_theme_and_language(cjk_font):
    dark = certificate(standing(2, "Alice"), theme="dark", font=cjk_font)
    assert dark.getpixel((300, 300)) == CERTIFICATE_THEMES["dark"].background
    zh = certificate(standing(2, "Alice"), font=cjk_font)
    en = certificate(standing(2, "Alice"), camp=make_camp("en"), font=cjk_font)
    title = (300, 200, 1300, 300)
    assert zh.crop(title).tobytes() != en.crop(title).tobytes()


def test_a_pair_certificate_names_both_members(cjk_font):
    entry = standing(2, "P", members=("李娜", "Jonas"))
    image = certificate(entry, by="pair", total_entries=10, font=cjk_font)
    background = CERTIFICATE_THEMES["light"].background
    assert ink(image, (400, 440, 700, 560), background) > 1000
    assert ink(image, (900, 440, 1200, 560), background) > 1000


# --- fonts -----------------------------------------------------------------


def test_the_glyph_check_tells_letters_from_what_the_font_lacks(cjk_font):
    for ch in "Aa9小明、":
        assert has_glyph(cjk_font, ch), ch
    # The CJK fonts have no emoji and, surely, no glyph at the end of Unicode.
    assert not has_glyph(cjk_font, "🔥")
    assert not has_glyph(cjk_font, "\U0010fffd")
    # Spaces and joiners count as drawn: they have no ink of their own.
    assert has_glyph(cjk_font, " ") and has_glyph(cjk_font, "\u200d")


def test_load_font_is_cached(cjk_font):
    assert load_font(cjk_font, 21) is load_font(cjk_font, 21)
    assert load_font(cjk_font, 21) is not load_font(cjk_font, 22)


def test_camp_font_env_wins_over_the_candidates(tmp_path, monkeypatch):
    candidate = tmp_path / "candidate.ttf"
    chosen = tmp_path / "chosen.ttf"
    candidate.write_bytes(b"x")
    chosen.write_bytes(b"x")
    monkeypatch.setattr(fonts, "CANDIDATES", ((candidate, 0),))
    assert find_font() == FontChoice(candidate, 0)
    monkeypatch.setenv("CAMP_FONT", str(chosen))
    assert find_font() == FontChoice(chosen, 0)
    # The camp's own font comes before the environment.
    assert find_font(str(candidate)) == FontChoice(candidate, 0)


def test_noto_cjk_collection_uses_the_simplified_chinese_face(tmp_path):
    noto = tmp_path / "NotoSansCJK-Regular.ttc"
    noto.write_bytes(b"x")
    assert find_font(str(noto)) == FontChoice(noto, 2)


def test_missing_preferred_font_is_named(tmp_path, monkeypatch):
    missing = tmp_path / "nope.ttc"
    with pytest.raises(CampError, match=r"nope\.ttc"):
        find_font(str(missing))
    monkeypatch.setenv("CAMP_FONT", str(tmp_path / "gone.ttf"))
    with pytest.raises(CampError, match=r"CAMP_FONT.*gone\.ttf"):
        find_font()


def test_no_font_at_all_says_how_to_install_one(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "CANDIDATES", ((tmp_path / "none.ttc", 0),))
    with pytest.raises(CampError) as info:
        find_font()
    message = str(info.value)
    assert "apt install fonts-wqy-microhei" in message
    assert "CAMP_FONT" in message
    assert message.count(". ") == 0  # one sentence


def test_renderers_use_the_camp_font(tmp_path):
    camp = make_camp(font=str(tmp_path / "camp-font.ttf"))
    with pytest.raises(CampError, match=r"camp-font\.ttf"):
        render_leaderboard_png(make_board(ranked(2), camp=camp))
    with pytest.raises(CampError, match=r"camp-font\.ttf"):
        render_certificate_png(
            camp,
            standing(1, "A"),
            by="member",
            total_entries=2,
            dates=(camp.start, camp.start),
        )


def test_an_unreadable_font_file_is_a_camp_error(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(CampError, match=r"broken\.ttf"):
        load_font(FontChoice(Path(broken)), 20)
