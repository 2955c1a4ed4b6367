"""The ``camp`` command line: parse, call one service, print; errors become one sentence."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

import click

from camp import __version__, clock
from camp.errors import CampError

# Services are imported inside commands: `camp --help` and `camp templates` stay fast.


class CampGroup(click.Group):
    """Turns the engine's errors into one clear sentence and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CampError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            # The reader went away (`camp leaderboard c | head`): nothing left to say.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the exit flush
            ctx.exit(0)
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise click.ClickException(f"Cannot access{where}: {exc.strerror or exc}.") from None


class CampContext:
    """What every command gets: the database path and a lazily opened connection."""

    def __init__(self, db_path: str | None):
        self.db_path = db_path
        self._db = None
        #: Set by the commands that make camps (new, demo). The others refuse a --db (or
        #: CAMP_DB) that names no file rather than make an empty database there: a
        #: mistyped path would otherwise look like a camp database with no camps.
        self.may_create = False

    @property
    def db(self):
        if self._db is None:
            from camp.db import open_db

            path = self.db_path
            missing = path and path != ":memory:" and not Path(path).expanduser().exists()
            if missing and not self.may_create:
                raise CampError(
                    f"No camp database at {path}: check --db (or CAMP_DB) for a typo, "
                    "or make a camp there first with `camp new` (or `camp demo`)."
                )
            self._db = open_db(path, on_upgrade=_say_upgrading)
        return self._db

    def made_new(self) -> bool:
        """Whether the database file is not there yet (so a refused `new` removes it)."""
        return bool(self.db_path) and not Path(str(self.db_path)).expanduser().exists()

    def discard(self) -> None:
        """Close and delete the database file this command made (nothing else was in it)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{Path(str(self.db_path)).expanduser()}{suffix}").unlink(missing_ok=True)


def _say_upgrading(path: Path, changes: int) -> None:
    """A database made by an earlier release is upgraded once, on first use: say so
    first, since rebuilding a big camp's tables takes a while."""
    click.echo(
        f"Upgrading the camp database {path} for this release ({changes} "
        f"change{'s' if changes != 1 else ''}, once; a big camp takes a few seconds)...",
        err=True,
    )


pass_ctx = click.make_pass_decorator(CampContext)


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` atomically (a crash leaves the old file)."""
    if not output:
        click.echo(text, nl=False)
        return
    write_bytes(text.encode("utf-8"), Path(output))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
by_option = click.option(
    "--by",
    type=click.Choice(["member", "pair", "team"]),
    default="member",
    show_default=True,
    help="Rank members, pairs or teams.",
)


@click.group(
    cls=CampGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="CAMP_DB",
    help="Database file (default: $CAMP_DB, else camp.db in your user data folder).",
)
@click.version_option(__version__, prog_name="camp")
@click.pass_context
def main(ctx: click.Context, db_path: str | None) -> None:
    """camp: run study camps in group chats — plan the days, take check-ins, score, rank.

    Without a command, camp opens its terminal UI.

    \b
    Start here:
      camp demo                      a sample camp with members and check-ins
      camp templates                 the built-in camp templates
      camp new copywriting-cp --name "My CP week" --start 2026-12-01
      camp members add my-cp-week Alice Bob
      camp checkin my-cp-week Alice
      camp leaderboard my-cp-week
    """
    ctx.obj = CampContext(db_path)
    if ctx.invoked_subcommand is not None:
        _escape_what_is_printed(ctx)
        return
    if not sys.stdout.isatty():
        click.echo(ctx.get_help())
        return
    # The engine never imports the terminal UI; the command line only launches it.
    tui = importlib.import_module("tui.app")
    app = tui.make_app(db_path)
    app.run()
    if app.return_code and app.crash_log is not None:
        click.echo(
            f"camp stopped on an error it did not expect; the details are in "
            f"{app.crash_log}. Please report it with that file.",
            err=True,
        )
    ctx.exit(app.return_code or 0)


# ---------------------------------------------------------------- templates and camps


@main.command()
@json_option
def templates(as_json: bool) -> None:
    """List the built-in camp templates (use the id with `camp new`)."""
    from camp.definition import builtin_templates

    infos = builtin_templates()
    if as_json:
        echo_json(
            [
                {"id": t.id, "name": t.name, "days": t.days, "description": t.description}
                for t in infos
            ]
        )
        return
    width = max((len(t.id) for t in infos), default=0)
    for t in infos:
        click.echo(f"{t.id:<{width}}  {t.days:>3} days  {t.name} — {t.description}")


@main.command()
@click.argument("template_or_file")
@click.option("--name", required=True, help="The camp's name, shown in announcements.")
@click.option("--start", required=True, help="First day, YYYY-MM-DD (or 'today', 'tomorrow').")
@click.option(
    "--tz", "timezone", help="IANA timezone, e.g. Asia/Shanghai (default: the template's)."
)
@click.option("--days", type=int, help="Number of active days (default: the template's).")
@click.option("--slug", help="Slug to use on the command line (default: made from the name).")
@pass_ctx
def new(obj: CampContext, template_or_file, name, start, timezone, days, slug) -> None:
    """Create a camp from a built-in TEMPLATE id or your own TOML FILE; prints its slug."""
    from camp.calendar import camp_days, plan_warnings
    from camp.services.camps import create_camp, parse_start_date, today_for_new_camp

    obj.may_create = True
    now = clock.now()
    start_date = parse_start_date(start, today=today_for_new_camp(template_or_file, timezone, now))
    made = obj.made_new()
    try:
        camp = create_camp(
            obj.db,
            template_or_file,
            name=name,
            start=start_date,
            now=now,
            timezone=timezone,
            days=days,
            slug=slug,
        )
    except CampError:
        if made:  # a refused camp leaves no empty database behind
            obj.discard()
        raise
    for warning in plan_warnings(camp_days(camp), camp.definition.rest):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(camp.slug)


@main.command("list")
@json_option
@pass_ctx
def list_command(obj: CampContext, as_json: bool) -> None:
    """List camps with their status."""
    from camp.services.camps import list_camps

    summaries = list_camps(obj.db, clock.now())
    if as_json:
        echo_json([s.to_json() for s in summaries])
        return
    if not summaries:
        click.echo("No camps yet. Create one with `camp new TEMPLATE --name NAME --start DATE`.")
        return
    for s in summaries:
        state = _status_text(s.status, s.progress.day, s.camp.days)
        click.echo(
            f"{s.camp.slug}  {s.camp.name}  {s.camp.start.isoformat()}  {state}  "
            f"{s.members} members"
        )


def _status_text(status: str, day: int, days: int) -> str:
    return f"day {day}/{days}" if status == "running" else status


@main.command()
@click.argument("camp")
@json_option
@pass_ctx
def show(obj: CampContext, camp: str, as_json: bool) -> None:
    """Show one camp: schedule, rules, members and progress."""
    from camp.calendar import camp_days
    from camp.definition import definition_to_dict
    from camp.services.camps import summarize_camp

    s = summarize_camp(obj.db, camp, clock.now())
    c = s.camp
    d = c.definition
    days_ = camp_days(c)
    if as_json:
        echo_json(
            {
                **s.to_json(),
                "end": days_[-1].date.isoformat(),
                "day": s.progress.day,
                "members": s.members,
                "pairs": s.pairs,
                "checkins": s.checkins,
                "definition": definition_to_dict(d),
            }
        )
        return
    sc = d.scoring
    lines = [
        f"{c.name} ({c.slug})",
        f"  status     {_status_text(s.status, s.progress.day, c.days)}",
        f"  template   {c.template or 'own file'}",
        f"  dates      {days_[0].date} → {days_[-1].date}, {c.days} active days, {c.timezone}",
        f"  rest       {', '.join(d.rest) or 'none'}",
        f"  group      {d.group}, check-in mode {d.checkin_mode}",
        "  windows    "
        + "; ".join(
            f"{w.name} {w.open:%H:%M}–{w.due:%H:%M}"
            + (f" (late until {w.late_until:%H:%M})" if w.late_until else "")
            for w in d.windows
        ),
        f"  keywords   {' '.join(d.keywords)}",
        f"  scoring    base {sc.base}{' × difficulty' if sc.by_difficulty else ''}, late ×{sc.late_factor:g}, "
        f"makeup ×{sc.makeup_factor:g} (max {sc.makeup_limit}), streak +{sc.streak_bonus}/day "
        f"(cap {sc.streak_cap}), pair +{sc.pair_bonus}/day",
        f"  members    {s.members} active, {s.pairs} pairs, {s.checkins} check-ins",
    ]
    click.echo("\n".join(lines))


@main.command()
@click.argument("camp")
@click.option("--undo", is_flag=True, help="Make an archived camp active again.")
@pass_ctx
def archive(obj: CampContext, camp: str, undo: bool) -> None:
    """Archive a camp: it stays listed and readable but announces nothing more."""
    from camp.services.camps import archive_camp

    c = archive_camp(obj.db, camp, archived=not undo, now=clock.now())
    click.echo(f"{c.slug} is active again" if undo else f"{c.slug} archived")


@main.command()
@click.argument("camp")
@json_option
@pass_ctx
def plan(obj: CampContext, camp: str, as_json: bool) -> None:
    """Show the day-by-day plan: date, task, difficulty, windows."""
    from camp.calendar import camp_days
    from camp.services.camps import get_camp, plan_json

    c = get_camp(obj.db, camp)
    if as_json:
        echo_json(plan_json(c))
        return
    for day in camp_days(c):
        stars = "★" * day.difficulty + "☆" * (5 - day.difficulty)
        windows = ", ".join(f"{s.window.name} {s.open:%H:%M}–{s.due:%H:%M}" for s in day.slots)
        graded = " [graded]" if day.task.graded else ""
        click.echo(
            f"Day {day.number:>2}  {day.date:%Y-%m-%d %a}  {stars}  {day.task.title}{graded}  ({windows})"
        )


# ---------------------------------------------------------------- members and pairs


@main.group()
def members() -> None:
    """Add, import, list and remove members."""


@members.command("add")
@click.argument("camp")
@click.argument("names", nargs=-1, required=True)
@click.option("--shift", help="The member's window in a shift camp (its name).")
@click.option("--team", help="The member's team in a team camp.")
@click.option("--handle", help="The member's id on the chat platform (one member only).")
@pass_ctx
def members_add(obj: CampContext, camp, names, shift, team, handle) -> None:
    """Add members by display name (CJK welcome): camp members add CAMP Alice 小明."""
    from camp.services.members import add_members

    added = add_members(
        obj.db, camp, list(names), now=clock.now(), shift=shift, team=team, handle=handle
    )
    click.echo(f"Added {len(added)} member{'s' if len(added) != 1 else ''}: {', '.join(added)}")


@members.command("unknown")
@click.argument("camp")
@click.option("--add", "to_add", multiple=True, metavar="NAME_OR_ID", help="Add this one.")
@click.option("--add-all", is_flag=True, help="Add every one of them.")
@json_option
@pass_ctx
def members_unknown(obj: CampContext, camp, to_add, add_all, as_json) -> None:
    """People the bots heard who are not members; --add or --add-all makes them members
    (with their platform id, so reminders can mention them)."""
    from camp.services.strangers import add_strangers, list_strangers

    if to_add or add_all:
        if to_add and add_all:
            raise click.UsageError("Give --add NAME... or --add-all, not both.")
        added = add_strangers(obj.db, camp, None if add_all else list(to_add), now=clock.now())
        click.echo(f"Added {len(added)} member{'s' if len(added) != 1 else ''}: {', '.join(added)}")
        return
    strangers = list_strangers(obj.db, camp)
    if as_json:
        echo_json([s.to_json() for s in strangers])
        return
    if not strangers:
        click.echo("Nobody wrote who is not a member.")
        return
    for s in strangers:
        click.echo(
            f"{s.name}  ({s.platform} {s.sender_id})  {s.messages} messages, "
            f"{s.checkins} check-ins, last {s.last_seen:%Y-%m-%d %H:%M}"
        )
    click.echo(f"Add them with `camp members unknown {camp} --add NAME` or `--add-all`.")


@members.command("import")
@click.argument("camp")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_ctx
def members_import(obj: CampContext, camp, file) -> None:
    """Add members from a CSV file with a header: name[,handle,shift,team]."""
    from camp.services.members import import_members_csv

    added = import_members_csv(obj.db, camp, file, now=clock.now())
    click.echo(f"Imported {len(added)} member{'s' if len(added) != 1 else ''} from {file}")


@members.command("list")
@click.argument("camp")
@click.option("--active", is_flag=True, help="Leave removed members out.")
@json_option
@pass_ctx
def members_list(obj: CampContext, camp, active, as_json) -> None:
    """List members with shift, team, partner, status and check-ins; a partner found by
    auto-pairing (`camp pair --auto` or the camp's pairing event) is marked (auto)."""
    from camp.services.members import list_members
    from camp.textwidth import pad

    rows = list_members(obj.db, camp, include_removed=not active)
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    if not rows:
        click.echo(f"No members yet. Add some with `camp members add {camp} NAME…`.")
        return
    from camp.textwidth import display_width

    width = max(display_width(r.member.name) for r in rows)
    for r in rows:
        m = r.member
        extras = [
            f"shift {m.shift}" if m.shift else "",
            f"team {m.team}" if m.team else "",
            f"partner {r.partner}{' (auto)' if r.pair_auto else ''}" if r.partner else "",
        ]
        click.echo(
            f"{pad(m.name, width)}  {m.status:<7}  {r.counted_days:>3} days  "
            + "  ".join(e for e in extras if e)
        )


@members.command("remove")
@click.argument("camp")
@click.argument("name")
@pass_ctx
def members_remove(obj: CampContext, camp, name) -> None:
    """Remove a member: they leave the leaderboards and their pair; their history is kept."""
    from camp.services.members import remove_member

    removal = remove_member(obj.db, camp, name, now=clock.now())
    click.echo(f"{removal.describe()} Their history is kept; `camp members add` restores them.")


@members.command("convert")
@click.argument("camp")
@click.argument("names", nargs=-1, required=True)
@click.option("--undo", is_flag=True, help="Unmark them.")
@pass_ctx
def members_convert(obj: CampContext, camp, names, undo) -> None:
    """Mark members as converted (e.g. bought the course): the report's conversion figure."""
    from camp.services.members import mark_converted

    done = mark_converted(obj.db, camp, list(names), converted=not undo)
    click.echo(f"{'Unmarked' if undo else 'Marked'} as converted: {', '.join(done)}")


@main.command()
@click.argument("camp")
@click.argument("names", nargs=-1)
@click.option("--auto", is_flag=True, help="Pair every unpaired member automatically.")
@click.option("--unpair", metavar="NAME", help="Dissolve the pair of this member.")
@pass_ctx
def pair(obj: CampContext, camp, names, auto, unpair) -> None:
    """Pair two members (camp pair CAMP A B), or everyone unpaired with --auto."""
    from camp.services.members import auto_pair, pair_members, unpair_member

    now = clock.now()
    if sum(bool(x) for x in (names, auto, unpair)) != 1:
        raise click.UsageError("Give two member names, or --auto, or --unpair NAME.")
    if unpair:
        click.echo(f"Unpaired {unpair_member(obj.db, camp, unpair)}")
    elif auto:
        result = auto_pair(obj.db, camp, now=now)
        for name in result.pairs:
            click.echo(f"Paired {name}")
        if result.joined is not None:
            member, pair_now = result.joined
            click.echo(f"{member} joined a pair: {pair_now}")
        if not result.pairs and result.joined is None and not result.left_over:
            click.echo("Nobody to pair: every active member already has a partner.")
        for name in result.left_over:
            click.echo(f"{name} has no partner yet: add one more member or pair by hand.", err=True)
    else:
        if len(names) != 2:
            raise click.UsageError(f"Give exactly two member names to pair (got {len(names)}).")
        click.echo(f"Paired {pair_members(obj.db, camp, names[0], names[1], now=now)}")


# ---------------------------------------------------------------- check-ins and points


STATUS_WORDS = {
    "on_time": "on time",
    "late": "late",
    "outside": "outside every window (kept, not counted)",
    "duplicate": "a duplicate (already counted)",
    "makeup": "a makeup",
}


@main.command()
@click.argument("camp")
@click.argument("member")
@click.option(
    "--at", "at_text", help="When (ISO 8601; local to the camp without an offset). Default: now."
)
@click.option("--text", default="", help="What the member posted.")
@click.option("--score", type=float, help="Result 0-100 of a graded task (e.g. a mock exam).")
@click.option(
    "--makeup", "makeup_day", type=int, metavar="DAY", help="Approve a makeup for a missed DAY."
)
@json_option
@pass_ctx
def checkin(obj: CampContext, camp, member, at_text, text, score, makeup_day, as_json) -> None:
    """Record one check-in and print how it was judged."""
    from camp.services.camps import get_camp
    from camp.services.checkins import next_window_open, parse_checkin_time, record_checkin

    now = clock.now()
    c = get_camp(obj.db, camp)
    at = parse_checkin_time(c, at_text, now)
    result = record_checkin(
        obj.db, camp, member, now=now, at=at, text=text, score=score, makeup_day=makeup_day
    )
    if as_json:
        echo_json(result.to_json())
        return
    where = f"day {result.day}" if result.day else "no camp day"
    if result.window and len(c.definition.windows) > 1:
        where += f", window {result.window}"
    if result.status == "makeup":
        # Its time is the due time of the day it repairs (the tie-break), not now.
        line = (
            f"{result.member}: {STATUS_WORDS['makeup']} for {where}, counted as at "
            f"{result.at:%Y-%m-%d %H:%M}, {result.points} points"
        )
    else:
        line = (
            f"{result.member} at {result.at:%Y-%m-%d %H:%M}: {STATUS_WORDS[result.status]} "
            f"({where}), {result.points} points"
        )
    if result.status == "outside":
        upcoming = next_window_open(c, result.at)
        if upcoming is not None:
            line += f"; the next window opens {upcoming:%Y-%m-%d %H:%M}"
    click.echo(line)


def _points(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a whole number of points, e.g. 5 or -2."
        ) from None


# ignore_unknown_options lets `camp adjust c Bob -2` read -2 as the points, not an option.
@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("camp")
@click.argument("member")
@click.argument("points")
@click.option("--reason", required=True, help="Why (kept with the adjustment for audit).")
@click.option("--day", type=int, help="The day it counts for (default: today's camp day).")
@pass_ctx
def adjust(obj: CampContext, camp, member, points, reason, day) -> None:
    """Give a bonus or a penalty: camp adjust CAMP Bob 5 --reason 'great post' (or -2)."""
    from camp.services.checkins import adjust_points

    result = adjust_points(
        obj.db, camp, member, _points(points), reason=reason, now=clock.now(), day=day
    )
    sign = "+" if result["points"] > 0 else ""
    click.echo(
        f"{result['member']}: {sign}{result['points']} points on day {result['day']} "
        f"({result['reason']})"
    )


# ---------------------------------------------------------------- leaderboard


@main.command()
@click.argument("camp")
@by_option
@click.option("--day", type=int, help="Standings as of the end of this day (default: today).")
@click.option("--top", type=int, help="Only the first N entries (shared ranks still show).")
@click.option("--week", type=int, help="Rank only week N's days (days 7N-6 to 7N).")
@click.option("--from-day", type=int, help="Rank only the days from this one (to --to-day).")
@click.option("--to-day", type=int, help="The last day ranked (default: today); same as --day.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "chat", "md", "csv", "json", "html", "png"]),
    default="text",
    show_default=True,
    help="Output format (chat: one entry a line, for pasting; png and html need -o FILE).",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--all", "include_removed", is_flag=True, help="Include removed members.")
@click.option(
    "--theme",
    type=click.Choice(["light", "dark"]),
    default="light",
    show_default=True,
    help="PNG colours, for light or dark chat themes.",
)
@click.option(
    "--raw",
    is_flag=True,
    help="CSV: names exactly as they are, even one a spreadsheet would run as a formula.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout."
)
@pass_ctx
def leaderboard(
    obj: CampContext,
    camp,
    by,
    day,
    top,
    fmt,
    as_json,
    include_removed,
    theme,
    raw,
    output,
    **period,
) -> None:
    """Show the standings, ready to paste into the group chat (or as a PNG card, a page).

    --week N or --from-day A --to-day B rank only the points earned on those days.
    """
    from camp.services.exports import leaderboard_document
    from camp.services.standings import standings_as_of

    if period["to_day"] is not None:
        if day is not None and day != period["to_day"]:
            raise click.UsageError("Give --day or --to-day, not both.")
        day = period["to_day"]
    now = clock.now()
    board = standings_as_of(
        obj.db,
        camp,
        now=now,
        by=by,
        day=day,
        top=top,
        include_removed=include_removed,
        from_day=period["from_day"],
        week=period["week"],
    )
    if fmt == "png":
        _write_png_pages(board, theme, output)
    else:
        document = leaderboard_document(
            obj.db, board, "json" if as_json else fmt, now=now, raw=raw
        )
        write_output(document, output)


def _write_png_pages(board, theme: str, output: str | None) -> None:
    """One PNG per page: FILE.png, or FILE-01.png, FILE-02.png, ... (a card holds 25 rows)."""
    from camp.services.exports import leaderboard_png_files

    if not output:
        raise click.UsageError("--format png needs -o FILE.png (an image is not for the terminal).")
    for name, data in leaderboard_png_files(board, Path(output), theme=theme):
        write_bytes(data, name)


def write_bytes(data: bytes, target: Path) -> None:
    """Write a file atomically (a crash leaves the old file) and say where it went."""
    from camp.services.exports import write_file_atomically

    write_file_atomically(data, target)
    click.echo(f"Wrote {target}", err=True)


@main.command()
@click.argument("camp")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option("--day", type=int, help="The report as of the end of this day (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@pass_ctx
def report(obj: CampContext, camp, fmt, day, output) -> None:
    """The camp report: members, active share, completion per day, streaks, conversion."""
    from camp.services.exports import report_document
    from camp.services.report import camp_report

    result = camp_report(obj.db, camp, now=clock.now(), day=day)
    write_output(report_document(result, fmt), output)


@main.command()
@click.argument("camp")
@click.argument("member", required=False)
@click.option("--mvp", is_flag=True, help="Certificates for the MVP(s) at the end of the camp.")
@by_option
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File name (default: certificate-NAME.png in this folder).",
)
@click.option("--force", is_flag=True, help="--mvp before the camp is over: today's leader.")
@click.option(
    "--passed",
    is_flag=True,
    help="One certificate per finisher ([outcomes]: perfect or passed), certificate-NAME.png.",
)
@json_option
@pass_ctx
def certificate(
    obj: CampContext, camp, member, mvp, by, theme, output, force, passed, as_json
) -> None:
    """A PNG certificate for the closing ceremony: the MVP(s), one member or pair, or
    every member who passed (--passed)."""
    from camp.services.exports import certificate_files

    if passed:
        _finisher_certificates(obj, camp, member, mvp, by, theme, output, force, as_json)
        return
    if bool(member) == bool(mvp):
        raise click.UsageError("Name a MEMBER (or pair or team), or give --mvp or --passed.")
    written = []
    for target in certificate_files(
        obj.db,
        camp,
        now=clock.now(),
        by=by,
        name=member,
        mvp=mvp,
        theme=theme,
        output=Path(output) if output else None,
        force=force,
    ):
        click.echo(f"Wrote {target}", err=True)
        written.append({"file": str(target)})
    if as_json:
        echo_json(written)


def _finisher_certificates(obj, camp, member, mvp, by, theme, output, force, as_json) -> None:
    from camp.services.finishers import finisher_certificate_files

    if member or mvp or by != "member":
        raise click.UsageError("--passed certifies members: leave out MEMBER, --mvp and --by.")
    if output:
        raise click.UsageError(
            "--passed writes certificate-NAME.png per finisher in this folder; leave out -o."
        )
    made = finisher_certificate_files(obj.db, camp, now=clock.now(), theme=theme, force=force)
    for finisher in made:
        click.echo(f"Wrote {finisher.file} ({finisher.name}, {finisher.outcome})", err=True)
    if as_json:
        echo_json([finisher.to_json() for finisher in made])


@main.command("export-ics")
@click.argument("camp")
@click.option(
    "--member", help="This member's own calendar (in a shift camp, only their shift's window)."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (.ics).")
@pass_ctx
def export_ics(obj: CampContext, camp, member, output) -> None:
    """The camp's schedule as an iCalendar file, for members' calendars."""
    from camp.services.calendars import calendar_file

    data = calendar_file(obj.db, camp, now=clock.now(), member=member)
    if output:
        write_bytes(data, Path(output))
    else:
        # As bytes: iCalendar lines end in CR LF, which the escaping of printed text
        # would spell out; the exporter has already written out any control character.
        click.echo(data, nl=False)


# ---------------------------------------------------------------- chat imports and activity


@main.command("import")
@click.argument("camp")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", help="qq, wechat, telegram, whatsapp, discord or csv (default: detected)."
)
@click.option("--keyword", "keywords", multiple=True, help="Another check-in keyword (repeatable).")
@click.option("--tz", "timezone", help="The export's timezone (default: the camp's).")
@click.option("--dry-run", is_flag=True, help="Report what would be imported; change nothing.")
@click.option("--add-unknown", is_flag=True, help="Add senders who are not members yet.")
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy", "ymd"]),
    help="How the export's numeric dates read (day/month/year, month/day/year, "
    "year/month/day), when the file itself cannot tell.",
)
@json_option
@pass_ctx
def import_command(
    obj: CampContext,
    camp,
    file,
    fmt,
    keywords,
    timezone,
    dry_run,
    add_unknown,
    date_order,
    as_json,
) -> None:
    """Take check-ins from a group-chat export (QQ, WeChat, Telegram, WhatsApp, Discord, CSV)."""
    from camp.services.imports import import_export

    progress = None if as_json else _progress_bar()
    try:
        report = import_export(
            obj.db,
            camp,
            file,
            now=clock.now(),
            fmt=fmt,
            keywords=keywords,
            tz=timezone,
            dry_run=dry_run,
            add_unknown=add_unknown,
            date_order=date_order,
            progress=progress.update if progress else None,
        )
    finally:
        if progress:
            progress.close()
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo(_import_summary(report))
    if report.recorded_nothing:
        raise click.ClickException(
            f"Nothing was imported from {report.file}: nothing in it could be stored, for "
            f"the {'problem' if report.problem_count == 1 else 'problems'} listed above. Fix "
            "the export (or give --format or --date-order if it was read the wrong way) and "
            "import again."
        )


def _escape_what_is_printed(ctx: click.Context) -> None:
    """Control characters in what a command prints (names, messages) are shown escaped
    on stdout and stderr until the command ends (see :mod:`camp.terminal`)."""
    from camp.terminal import EscapingStream

    streams = sys.stdout, sys.stderr
    if isinstance(sys.stdout, EscapingStream):
        return
    sys.stdout, sys.stderr = EscapingStream(sys.stdout), EscapingStream(sys.stderr)

    def restore() -> None:
        sys.stdout, sys.stderr = streams

    ctx.call_on_close(restore)


class _ProgressBar:
    """A progress bar on stderr with rate and time left, only on a terminal."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("importing"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            # Its own terminal codes go to the terminal as they are.
            console=Console(file=getattr(sys.stderr, "raw", sys.stderr)),
            transient=True,
        )
        self.task = None

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("import", total=total, rate="")
        speed = self.progress.tasks[0].speed
        rate = f"{speed:,.0f} lines/s" if speed else ""
        self.progress.update(self.task, completed=done, rate=rate)

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()


def _progress_bar() -> _ProgressBar | None:
    return _ProgressBar() if sys.stderr.isatty() else None


def _import_summary(report) -> str:
    from camp.labels import plural
    from camp.services.imports import describe_layout

    judged = report.judged
    system = report.by_kind.get("system", 0)
    lines = [describe_layout(layout) for layout in report.layouts]
    lines += [
        f"{'Dry run: nothing was written. ' if report.dry_run else ''}"
        f"{report.file} ({report.format}): {plural(report.messages, 'message')}, "
        f"{report.member_messages:,} from members, {report.already_imported:,} already imported"
        + (f", {plural(system, 'system line')}" if system else "")
        + ".",
        f"Check-ins: {report.checkins:,} new — {judged.get('on_time', 0):,} on time, "
        f"{judged.get('late', 0):,} late, {judged.get('duplicate', 0):,} duplicate, "
        f"{judged.get('outside', 0):,} outside any window.",
    ]
    if report.added_members:
        verb = "Would add" if report.dry_run else "Added"
        lines.append(
            f"{verb} {plural(len(report.added_members), 'member')}: "
            f"{', '.join(report.added_members)}"
        )
    if report.unknown_senders:
        shown = ", ".join(
            f"{name} ({count}, first at line {report.unknown_first_line[name]})"
            for name, count in report.unknown_senders.most_common(10)
        )
        more = len(report.unknown_senders) - min(len(report.unknown_senders), 10)
        lines.append(
            f"Unknown senders: {shown}{f' and {more} more' if more else ''}. "
            "Add them (--add-unknown or `camp members add`) or give an alias "
            "(`camp members alias`), then import again."
        )
    if report.problem_count:
        lines.append(f"Could not read {plural(report.problem_count, 'line')}:")
        lines += [f"  line {line}: {reason}" for line, reason in report.problems[:10]]
        if report.problem_count > 10:
            lines.append(f"  … and {report.problem_count - 10:,} more (--json lists 50)")
    return "\n".join(lines)


@members.command("alias")
@click.argument("camp")
@click.argument("member")
@click.argument("aliases", nargs=-1, required=True)
@pass_ctx
def members_alias(obj: CampContext, camp, member, aliases) -> None:
    """Other names MEMBER goes by in chat exports (nicknames change)."""
    from camp.services.imports import add_aliases

    added = add_aliases(obj.db, camp, member, aliases)
    click.echo(f"{member} is also known as: {', '.join(added)}")


@main.command("activity")
@click.argument("camp")
@click.option("--all", "include_removed", is_flag=True, help="Include removed members.")
@json_option
@pass_ctx
def activity_command(obj: CampContext, camp, include_removed, as_json) -> None:
    """Messages and check-ins per member and per day."""
    from camp.services.activity import activity
    from camp.textwidth import display_width, pad

    rows = activity(obj.db, camp, include_removed=include_removed)
    if as_json:
        echo_json({"camp": camp, "members": [r.to_json() for r in rows]})
        return
    if not rows:
        click.echo(f"No members yet. Add some with `camp members add {camp} NAME…`.")
        return
    days = sorted({day for r in rows for day in r.by_day})[-7:]
    width = max(display_width(r.name) for r in rows)
    header = pad("", width) + "  msgs  check-ins  " + " ".join(f"d{d:<5}" for d in days)
    click.echo(header.rstrip())
    for r in rows:
        cells = " ".join(f"{'/'.join(str(x) for x in r.by_day.get(d, [0, 0])):<6}" for d in days)
        click.echo(f"{pad(r.name, width)}  {r.messages:>4}  {r.checkins:>9}  {cells}".rstrip())
    if days:
        click.echo("(last days shown as messages/check-ins)")


# ---------------------------------------------------------------- scheduler and outbox


@main.command()
@click.argument("camp")
@click.option("--retry", "retry_key", metavar="KEY", help="Run a failed or missed event again.")
@json_option
@pass_ctx
def events(obj: CampContext, camp: str, retry_key: str | None, as_json: bool) -> None:
    """List the camp's scheduled events (ceremonies, tasks, reminders ...) and their status."""
    from camp.services.events import list_events

    if retry_key:
        from camp.services.announcing import retry_event

        retry_event(obj.db, camp, retry_key, clock.now())
        click.echo(f"{retry_key} will run at the next `camp run`.")
        return

    rows = list_events(obj.db, camp, now=clock.now())
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    for r in rows:
        error = f"  ({r.last_error})" if r.last_error else ""
        click.echo(f"{r.due:%Y-%m-%d %H:%M}  {r.status:<8} {r.key}{error}")


def _parse_now(text: str | None):
    if text is None:
        return clock.now()
    import pendulum

    try:
        moment = pendulum.parse(text, tz="UTC")
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 time; use e.g. 2026-12-01T20:30:00+08:00.",
            param_hint="--now",
        ) from None
    if not isinstance(moment, pendulum.DateTime):
        raise click.BadParameter(f"{text!r} is not a date and time.", param_hint="--now")
    return moment.in_tz("UTC")


@main.command()
@click.option("--once", is_flag=True, help="Do what is due now (or at --now), then exit.")
@click.option(
    "--now",
    "now_text",
    help="With --once: act as if it were this time (ISO 8601; UTC without an offset).",
)
@click.option(
    "--grace",
    type=int,
    default=3600,
    show_default=True,
    help="Seconds after which an event that fell due while stopped is marked missed.",
)
@pass_ctx
def run(obj: CampContext, once: bool, now_text: str | None, grace: int) -> None:
    """Run the scheduler: post ceremonies, tasks, reminders and summaries on time."""
    from camp.services.running import run_once

    if now_text and not once:
        raise click.UsageError("--now only makes sense with --once.")
    if grace < 0:
        raise click.BadParameter("must be 0 or more seconds.", param_hint="--grace")

    def log(line: str) -> None:
        click.echo(line, err=True)

    if not once:
        # Only here: the scheduler's threads and clock take a third of a second to load,
        # which `--once` does without.
        from camp.scheduler import run_forever

        obj.db  # noqa: B018 - open (and migrate) before the scheduler's threads do
        run_forever(obj.db_path, grace_seconds=grace, log=log)
        return
    report = run_once(obj.db, _parse_now(now_text), grace_seconds=grace, log=log)
    log(
        f"{len(report.produced)} announcements, {len(report.missed)} missed, "
        f"{len(report.failed)} failed, {report.deliveries} deliveries"
    )
    if report.uncertain:
        log(
            f"{report.uncertain} deliveries are uncertain (sent, no answer): check the chat, "
            "then `camp outbox retry ID` (or `--arrived`) or `camp outbox drop ID`"
        )


@main.command()
@click.option("--camp", "camp_slug", metavar="CAMP", help="Only the bots of this camp.")
@pass_ctx
def listen(obj: CampContext, camp_slug: str | None) -> None:
    """Only listen: the camps' bots hear their groups and answer, until Ctrl-C.

    `camp run` listens too; run one or the other on a database.
    """
    from camp.scheduler import listen_forever
    from camp.services.camps import get_camp

    if camp_slug is not None:
        get_camp(obj.db, camp_slug)  # a clear sentence for a camp that does not exist

    def log(line: str) -> None:
        click.echo(line, err=True)

    listen_forever(obj.db_path, slug=camp_slug, log=log)


@main.group(invoke_without_command=True)
@click.option("--camp", "camp_slug", help="Only this camp's announcements.")
@click.option("--limit", type=int, help="Only the last N announcements.")
@json_option
@pass_ctx
@click.pass_context
def outbox(ctx: click.Context, obj: CampContext, camp_slug, limit, as_json) -> None:
    """Announcements and their delivery status; `retry` or `drop` failed ones."""
    if ctx.invoked_subcommand is not None:
        return
    from camp.services.outbox import list_outbox

    entries = list_outbox(obj.db, camp_slug, limit=limit)
    if as_json:
        echo_json([e.to_json() for e in entries])
        return
    if not entries:
        click.echo("The outbox is empty: `camp run --once` produces what is due.")
        return
    for e in entries:
        states = ", ".join(_delivery_state(d) for d in e.deliveries) or "no channel"
        click.echo(f"#{e.id}  {e.created:%Y-%m-%d %H:%M}  {e.event}  [{states}]")
        if e.card_note:
            click.echo(f"    {e.card_note}")
        if any(d["status"] == "uncertain" for d in e.deliveries):
            click.echo(
                f"    check the chat: if it is not there, `camp outbox retry {e.id}`; if it "
                f"is, `camp outbox retry {e.id} --arrived` sends only the rest; or "
                f"`camp outbox drop {e.id}`"
            )


def _delivery_state(delivery: dict) -> str:
    """``dingtalk#2 (CAMP_DT_URL) pending, 5/8 parts (HTTP 429 ...)``."""
    text = f"{delivery['channel']} {delivery['status']}"
    parts = delivery.get("parts") or {}
    total = parts.get("total")
    if total and total > 1 and delivery["status"] != "sent":
        text += f", {parts.get('sent', 0)}/{total} parts"
    if delivery["last_error"]:
        text += f" ({delivery['last_error']})"
    return text


@outbox.command("retry")
@click.argument("announcement", type=int)
@click.option(
    "--arrived",
    is_flag=True,
    help="The uncertain part is in the chat: count it as sent and send only the rest.",
)
@pass_ctx
def outbox_retry(obj: CampContext, announcement: int, arrived: bool) -> None:
    """Send the failed or uncertain deliveries of announcement ID again at the next run.

    Parts the robot already took are never sent again. An uncertain part (sent, no
    answer) is sent again unless --arrived says it is in the chat.
    """
    from camp.services.outbox import retry_delivery

    count = retry_delivery(obj.db, announcement, clock.now(), arrived=arrived)
    click.echo(f"Announcement {announcement}: {count} deliveries will be retried by `camp run`.")


@outbox.command("drop")
@click.argument("announcement", type=int)
@pass_ctx
def outbox_drop(obj: CampContext, announcement: int) -> None:
    """Give up the failed, uncertain or waiting deliveries of announcement ID (kept,
    marked dropped)."""
    from camp.services.outbox import drop_delivery

    count = drop_delivery(obj.db, announcement, clock.now())
    click.echo(f"Announcement {announcement}: {count} deliveries dropped.")


# ---------------------------------------------------------------- requests queue


class _RequestsGroup(click.Group):
    """`camp requests CAMP` lists; `camp requests approve|reject|add CAMP …` act."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["list", *args]
        return super().parse_args(ctx, args)


@main.group(cls=_RequestsGroup)
def requests() -> None:
    """Members' makeup and leave requests (#补卡 N, #请假 N) waiting for you.

    \b
    camp requests CAMP [--status pending|approved|rejected|all] [--json]
    camp requests approve CAMP ID… [--all]
    camp requests reject CAMP ID… [--all]
    camp requests add CAMP MEMBER makeup|leave DAY
    """


@requests.command("list")
@click.argument("camp")
@click.option(
    "--status",
    type=click.Choice(["pending", "approved", "rejected", "all"]),
    default="pending",
    show_default=True,
    help="Which requests to list.",
)
@json_option
@pass_ctx
def requests_list(obj: CampContext, camp: str, status: str, as_json: bool) -> None:
    """List the camp's requests (the pending ones unless --status says otherwise)."""
    from camp.services.requests import list_requests
    from camp.textwidth import display_width, pad

    rows = list_requests(obj.db, camp, status=None if status == "all" else status)
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    if not rows:
        which = "" if status == "all" else f"{status} "
        click.echo(f"No {which}requests in {camp}.")
        return
    width = max(display_width(r.member) for r in rows)
    for r in rows:
        decided = f" {r.decided:%Y-%m-%d %H:%M}" if r.decided else ""
        text = f"  {r.text}" if r.text else ""
        click.echo(
            f"{r.id:>4}  {r.created:%Y-%m-%d %H:%M}  {pad(r.member, width)}  "
            f"{r.kind:<6} day {r.day:<3} {r.status}{decided}  ({r.source}){text}"
        )
    if status == "pending":
        click.echo(f"(`camp requests approve {camp} ID…` or `reject`; --all for every one)")


def _decide_requests(obj: CampContext, camp: str, ids, all_pending: bool, approve: bool) -> None:
    from camp.services.requests import approve_requests, reject_requests

    if bool(ids) == all_pending:
        raise click.UsageError("Give the ids of the requests, or --all for every pending one.")
    decide = approve_requests if approve else reject_requests
    decisions = decide(obj.db, camp, list(ids), now=clock.now(), all_pending=all_pending)
    if not decisions:
        click.echo(f"No pending requests in {camp}.")
        return
    for d in decisions:
        r = d.request
        what = f"{r.member}, {r.kind} for day {r.day}"
        if d.outcome == "approved" and d.checkin is not None:
            click.echo(
                f"Request {r.id} approved: {what}, counted as at "
                f"{d.checkin.at:%Y-%m-%d %H:%M}, {d.checkin.points} points"
            )
        elif d.done:
            click.echo(f"Request {r.id} {d.outcome}: {what}")
        elif d.outcome == "refused":
            click.echo(f"Request {r.id} ({what}) stays pending: {d.reason}", err=True)
        else:
            when = f" on {r.decided:%Y-%m-%d %H:%M}" if r.decided else ""
            click.echo(
                f"Request {r.id} ({what}) was already {r.status}{when}; nothing changed.",
                err=True,
            )
    if not all(d.done for d in decisions):
        sys.exit(1)


@requests.command("approve")
@click.argument("camp")
@click.argument("ids", nargs=-1, type=int, metavar="ID…")
@click.option("--all", "all_pending", is_flag=True, help="Every pending request.")
@pass_ctx
def requests_approve(obj: CampContext, camp: str, ids, all_pending: bool) -> None:
    """Approve requests: a makeup is recorded as `camp checkin --makeup` would (its limit
    and deadlines apply; a refused one stays pending), a leave becomes a leave day (within
    [members] leave_quota)."""
    _decide_requests(obj, camp, ids, all_pending, approve=True)


@requests.command("reject")
@click.argument("camp")
@click.argument("ids", nargs=-1, type=int, metavar="ID…")
@click.option("--all", "all_pending", is_flag=True, help="Every pending request.")
@pass_ctx
def requests_reject(obj: CampContext, camp: str, ids, all_pending: bool) -> None:
    """Reject requests (kept, marked rejected)."""
    _decide_requests(obj, camp, ids, all_pending, approve=False)


@requests.command("add")
@click.argument("camp")
@click.argument("member")
@click.argument("kind", type=click.Choice(["makeup", "leave"]))
@click.argument("day", type=int)
@click.option("--text", default="", help="What the member asked, kept with the request.")
@pass_ctx
def requests_add(obj: CampContext, camp: str, member: str, kind: str, day: int, text: str) -> None:
    """Queue a request for a member, as their #补卡 N or #请假 N in the chat would."""
    from camp.services.requests import add_request

    r = add_request(obj.db, camp, member, kind, day, now=clock.now(), text=text)
    click.echo(
        f"Queued request {r.id}: {r.member}, {r.kind} for day {r.day} "
        f"(`camp requests approve {camp} {r.id}`)"
    )


@main.command()
@click.argument("camp")
@click.argument("member")
@click.argument("day", type=int)
@click.option("--reason", required=True, help="Why (kept with the leave), e.g. 'exam day'.")
@json_option
@pass_ctx
def leave(obj: CampContext, camp: str, member: str, day: int, reason: str, as_json: bool) -> None:
    """Give MEMBER leave (请假) on DAY: no points, no break in the streak, not a missed day.

    [members] leave_quota in the camp file says how many leave days each member may
    take per 30 days.
    """
    from camp.services.leave import grant_leave

    granted = grant_leave(obj.db, camp, member, day, reason=reason, now=clock.now())
    if as_json:
        echo_json(granted.to_json())
        return
    click.echo(
        f"{granted.member} is on leave on day {granted.day} ({granted.date}): {granted.reason}; "
        f"{granted.left} more leave day{'s' if granted.left != 1 else ''} left in that period."
    )


@main.command()
@click.argument("camp")
@click.argument("member")
@click.option("--day", type=int, help="As of the end of this day (default: today).")
@json_option
@pass_ctx
def statement(obj: CampContext, camp: str, member: str, day, as_json: bool) -> None:
    """MEMBER's points day by day: check-ins, factors, streak and pair bonuses,
    adjustments and the running total, which is their leaderboard points."""
    from camp.services.statement import member_statement, render_statement_text

    result = member_statement(obj.db, camp, member, now=clock.now(), day=day)
    if as_json:
        echo_json(result.to_json())
    else:
        click.echo(render_statement_text(result), nl=False)


@main.command()
@click.argument("camp")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json", "png"]),
    default="text",
    show_default=True,
    help="Output format (png needs -o FILE).",
)
@json_option
@click.option("--raw", is_flag=True, help="CSV: names exactly as they are.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@pass_ctx
def settle(obj: CampContext, camp: str, fmt: str, as_json: bool, raw: bool, output) -> None:
    """The deposit camp's ledger ([stakes]): each member's deposit, fines, refund and
    share of the pool, with totals that balance to the cent."""
    from camp.services.settlement import settlement_of
    from camp.stakes import render_settlement_csv, render_settlement_text

    result = settlement_of(obj.db, camp, now=clock.now())
    fmt = "json" if as_json else fmt
    if fmt == "png":
        from camp.services.camps import get_camp
        from camp.stakes_png import render_settlement_png

        if not output:
            raise click.UsageError(
                "--format png needs -o FILE.png (an image is not for the terminal)."
            )
        font = get_camp(obj.db, camp).definition.font
        write_bytes(render_settlement_png(result, font=font), Path(output))
    elif fmt == "json":
        write_output(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt == "csv":
        write_output(render_settlement_csv(result, raw=raw), output)
    else:
        write_output(render_settlement_text(result), output)


@main.command()
@click.argument("camp")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="A [scoring] rule to try, e.g. scoring.late_factor=0.8 (repeat for more).",
)
@by_option
@click.option("--day", type=int, help="As of the end of this day (default: today).")
@click.option("--all", "include_removed", is_flag=True, help="Include removed members.")
@json_option
@pass_ctx
def whatif(obj: CampContext, camp: str, settings, by, day, include_removed, as_json) -> None:
    """Who moves if the scoring rules were different: the board re-scored in memory
    under --set KEY=VALUE; nothing is written."""
    from camp.services.whatif import render_whatif_text, what_if

    result = what_if(
        obj.db, camp, settings, now=clock.now(), by=by, day=day, include_removed=include_removed
    )
    if as_json:
        echo_json(result.to_json())
    else:
        click.echo(render_whatif_text(result), nl=False)


# ---------------------------------------------------------------- demo


@main.command()
@click.option("--reset", is_flag=True, help="Delete the demo camp and build it again.")
@pass_ctx
def demo(obj: CampContext, reset: bool) -> None:
    """Create a sample copywriting CP week (20 members in pairs) and show its leaderboard."""
    from camp.exporters import render_leaderboard
    from camp.services.demo import DEMO_SLUG, build_demo
    from camp.services.standings import standings_as_of

    obj.may_create = True
    now = clock.now()
    created = build_demo(obj.db, now=now, reset=reset)
    if created:
        click.echo(
            f"Created the demo camp '{DEMO_SLUG}' in {obj.db_path or _default_path()}.\n", err=True
        )
    else:
        click.echo(
            f"The demo camp '{DEMO_SLUG}' already exists (camp demo --reset rebuilds it).\n",
            err=True,
        )
    board = standings_as_of(obj.db, DEMO_SLUG, now=now, by="pair")
    click.echo(render_leaderboard(board, "text"))
    board = standings_as_of(obj.db, DEMO_SLUG, now=now, top=5)
    click.echo(render_leaderboard(board, "text"), nl=False)
    click.echo(
        f"\nNext: camp plan {DEMO_SLUG} · camp members list {DEMO_SLUG} · "
        f"camp checkin {DEMO_SLUG} 'Alice' · camp leaderboard {DEMO_SLUG} --by pair --format md",
        err=True,
    )


# ---------------------------------------------------------------- a day's task


@main.command()
@click.argument("camp")
@click.argument("day")
@click.option("--title", help="The day's new task title.")
@click.option("--text", help="What members do (default: the day's current text).")
@click.option("--difficulty", type=int, help="1 to 5 (default: the day's current one).")
@click.option("--clear", is_flag=True, help="Take the day's task from the pool again.")
@pass_ctx
def task(obj: CampContext, camp, day, title, text, difficulty, clear) -> None:
    """Give DAY (a number or YYYY-MM-DD) of CAMP another task, before the day begins."""
    import datetime as dt

    from camp.services.plan_edits import clear_day_task, set_day_task

    try:
        which: int | dt.date = int(day)
    except ValueError:
        try:
            which = dt.date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(
                f"{day!r} is neither a day number nor a date; write e.g. 6 or 2026-11-24.",
                param_hint="DAY",
            ) from None
    if clear == (title is not None):
        raise click.UsageError("Give either --title (with --text, --difficulty) or --clear.")
    if clear:
        changed = clear_day_task(obj.db, camp, which, now=clock.now())
    else:
        changed = set_day_task(
            obj.db, camp, which, title=title, text=text, difficulty=difficulty, now=clock.now()
        )
    click.echo(f"Day {changed.number} ({changed.date:%Y-%m-%d}) of {camp}: {changed.task.title}")


def _default_path() -> str:
    from camp.db import default_db_path

    return str(default_db_path())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
