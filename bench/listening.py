"""Listening live: 10,000 Telegram messages in one minute to a camp of 2,000 members.

    python bench/listening.py [--messages 10000] [--seconds 60] [--members 2000]

One camp (the built-in reading camp, its stdout channel left out) listens with one
Telegram bot to one group, through the loopback Bot API double of the tests
(tests/camp/telegram_double.py). The listeners run in a process of their own, as under
`camp run`, with the clock fixed on day 1 at 20:30 in Shanghai (the reading window is
open); the double and the messages stay in this one, so pushing never steals the
listeners' time. The messages come at a steady rate, dated as they are pushed: 94 % from
members, 6 % from people who are not members, a third of them check-ins with the
keyword, the rest chatter. Two runs of the same traffic:

1. the camp's default answers (``reply = "ack"``, a text message) at Telegram's real
   pacing, one message per 3.1 s per group (the acks waiting then go as one message);
2. reactions (``reply = "react"``) without pacing: each ack names its message, so the
   latency measured is the listeners' own (hear, judge, commit, answer).

Prints, for each run:

- ack latency, from a check-in's push to the double receiving its answer: median and
  95th percentile (target under 1 s), with the acks still queued when the run ended;
- messages stored and check-ins recorded per second, how far behind the pushes the
  stored messages fell, and the listeners' CPU per message, next to the same rows
  written by a bare ``sqlite3.executemany`` into tables of the same shape;
- duplicates (a check-in stored twice, a message acked twice) and lost messages (pushed
  but not in ``messages``, or for a non-member not counted in ``unknown_senders``):
  both must be 0.

Takes about two and a half minutes with the defaults.

``--platform discord``, ``slack``, ``feishu`` or ``dingtalk`` runs the same traffic
through that platform's loopback double instead (tests/camp/discord_double.py,
slack_double.py, feishu_double.py, dingtalk_double.py), answered without pacing, so the
ack latency is each client's own: discord.py's gateway and REST, or slack_sdk's Socket
Mode, with reactions; camp's own Feishu long-connection and DingTalk Stream clients
(each push acknowledged after its commit), with replies, which those platforms answer
with instead of reactions. ``--platform all`` runs Telegram, then the four others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

import pendulum

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.listening import REPLY_SPACING
from camp.services.members import add_members

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "camp"))
from telegram_double import GROUP, TOKEN, TelegramDouble, user  # noqa: E402

START = dt.date(2026, 12, 1)
#: Day 1 at 20:30 in Shanghai: the reading window (06:00-23:00) is open.
EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")
GUESTS = 300
GUEST_SHARE = 0.06
CHECKIN_SHARE = 1 / 3
#: How long the paced run waits for acks after the last message was stored.
DRAIN_SECONDS = 10.0
NAME = re.compile(r"(member-\d{4}|guest-\d{3})")
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")

LISTEN = """
import json, resource, sys, pendulum
from camp.services.listening import Listeners
path, token, at, spacing = sys.argv[1:5]
env = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {"CAMP_TG_TOKEN": token}
now = pendulum.from_timestamp(float(at), tz="Asia/Shanghai")
heard = Listeners(path, clock=lambda: now, log=lambda line: print(line, file=sys.stderr),
                  env=env, reply_spacing=float(spacing))
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
heard.start()
print(cpu(), flush=True)
sys.stdin.readline()
print(cpu(), flush=True)
heard.stop(timeout=10)
"""


class TimedDouble(TelegramDouble):
    """The tests' double, noting when each answer (every call but getUpdates) came."""

    def __init__(self, token: str) -> None:
        self.answers: list[tuple[float, object]] = []
        super().__init__(token)

    def _handler(self):
        class Handler(super()._handler()):
            # The double writes an answer's headers and body apart; with Nagle on, the
            # body waits for the client's delayed ACK: about 40 ms a call on loopback,
            # which Telegram does not add (and which would be all this bench measured).
            disable_nagle_algorithm = True

        return Handler

    def _record(self, call) -> None:
        at = time.monotonic()
        super()._record(call)
        if call.method.lower() != "getupdates":
            self.answers.append((at, call))


@dataclass
class Pushed:
    message_id: int
    at: float
    name: str
    member: bool
    keyword: bool
    date: int
    text: str


@dataclass
class Run:
    label: str
    reply: str
    spacing: float
    pushed: list[Pushed] = field(default_factory=list)
    samples: list[tuple[float, int, int, int]] = field(default_factory=list)
    answers: list[tuple[float, object]] = field(default_factory=list)
    polls: int = 0
    began: float = 0.0
    pushed_until: float = 0.0
    stopped: float = 0.0
    cpu: float = 0.0
    log: str = ""
    folder: Path = Path()


def traffic(messages: int, members: int) -> list[tuple[str, bool, bool]]:
    """Who says what, message by message: (name, is a member, has the keyword)."""
    rng = random.Random(11)
    out = []
    for _ in range(messages):
        if rng.random() < GUEST_SHARE:
            out.append((f"guest-{rng.randrange(GUESTS):03d}", False, rng.random() < CHECKIN_SHARE))
        else:
            out.append((f"member-{rng.randrange(members):04d}", True, rng.random() < CHECKIN_SHARE))
    return out


def user_of(name: str) -> dict:
    number = int(name.split("-")[1])
    return user((2_000_000 if name.startswith("member") else 3_000_000) + number, name)


def make_camp(folder: Path, members: int, reply: str, api_base: str) -> Path:
    source = (ROOT / "templates" / "camps" / "reading-camp.toml").read_text(encoding="utf-8")
    # The bot alone: the built-in camp's stdout channel stays out.
    source = source.replace('[[channels]]\ntype = "stdout"\n', "")
    source += (
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{api_base}"\nreply = "{reply}"\n'
    )
    definition = folder / "camp.toml"
    definition.write_text(source, encoding="utf-8")
    path = folder / "live.db"
    db = open_db(path)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="Bench listening", start=START, now=created, slug="live")
    add_members(db, "live", [f"member-{m:04d}" for m in range(members)], now=created)
    db.close()
    return path


def sample(path: Path, run: Run, done: threading.Event) -> None:
    conn = sqlite3.connect(path, timeout=30)
    try:
        while not done.is_set():
            at = time.monotonic()
            stored = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            unknown = conn.execute(
                "SELECT COALESCE(SUM(messages), 0) FROM unknown_senders"
            ).fetchone()[0]
            checkins = conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
            run.samples.append((at, stored, unknown, checkins))
            done.wait(0.2)
    finally:
        conn.close()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in PROXY_VARIABLES:
        env.pop(name, None)
        env.pop(name.upper(), None)
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


def listen(run: Run, plan: list[tuple[str, bool, bool]], members: int, seconds: float) -> None:
    """One run: the camp, the listeners' process, the minute of messages, the wait."""
    member_messages = sum(1 for _, member, _ in plan if member)
    guest_messages = len(plan) - member_messages
    with TimedDouble(TOKEN) as telegram:
        path = make_camp(run.folder, members, run.reply, telegram.url)
        log = (run.folder / "listeners.log").open("w+", encoding="utf-8")
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LISTEN,
                str(path),
                TOKEN,
                str(EVENING.timestamp()),
                str(run.spacing),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # A file, not a pipe: a pipe nobody reads while the minute runs could fill
            # and stall the listeners' log.
            stderr=log,
            text=True,
            env=child_env(),
        )
        assert child.stdout is not None and child.stdin is not None
        cpu_before = float(child.stdout.readline())
        deadline = time.monotonic() + 20
        while not telegram.polls and time.monotonic() < deadline:
            time.sleep(0.02)
        done = threading.Event()
        sampler = threading.Thread(target=sample, args=(path, run, done), daemon=True)
        sampler.start()
        step = seconds / len(plan)
        first_date = int(EVENING.timestamp())
        run.began = time.monotonic()
        for i, (name, member, keyword) in enumerate(plan):
            due = run.began + i * step
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            date = first_date + int(i * step)
            text = f"#打卡 第 {i} 条：今天读完第 3 章" if keyword else f"大家好，今天有点难 😅 {i}"
            message_id = telegram.push_text(GROUP, user_of(name), text, date=date)
            run.pushed.append(
                Pushed(message_id, time.monotonic(), name, member, keyword, date, text)
            )
        run.pushed_until = time.monotonic()
        # Every message stored (the listeners kept up or caught up), then the acks.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if run.samples and run.samples[-1][1:3] == (member_messages, guest_messages):
                break
            time.sleep(0.1)
        expected = sum(1 for p in run.pushed if p.keyword)
        deadline = time.monotonic() + (DRAIN_SECONDS if run.spacing else 30)
        while time.monotonic() < deadline and len(telegram.answers) < expected:
            time.sleep(0.1)
        if not run.spacing:
            time.sleep(1)  # anything answered twice comes now
        run.stopped = time.monotonic()
        cpu_after = float(child.communicate("stop\n", timeout=30)[0].split()[0])
        run.cpu = cpu_after - cpu_before
        log.seek(0)
        run.log = log.read()
        log.close()
        done.set()
        sampler.join()
        run.answers = list(telegram.answers)
        run.polls = len(telegram.polls)


def percentile(values: list[float], share: float) -> float:
    """``values`` sorted; ``inf`` for an ack never received."""
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]


def shown(seconds: float, unanswered_for: float) -> str:
    if seconds == float("inf"):
        return f"not answered within the run (> {unanswered_for:.0f} s)"
    return f"{seconds:.2f} s"


def ack_latency(run: Run) -> float:
    """Match every answer to the check-in it acks: by message id when it names one (a
    reaction, a reply), else by the member's name in the line (a merged ack: a member's
    acks go in the order of their check-ins)."""
    pending: dict[int, Pushed] = {p.message_id: p for p in run.pushed if p.keyword}
    by_name: dict[str, deque[int]] = defaultdict(deque)
    for p in run.pushed:
        if p.keyword:
            by_name[p.name].append(p.message_id)
    answered: set[int] = set()
    latencies: list[float] = []
    twice = unexpected = sends = merged = lines_sent = reactions = 0

    def take(message_id: int, at: float) -> None:
        nonlocal twice, unexpected
        if message_id in pending:
            latencies.append(at - pending.pop(message_id).at)
            answered.add(message_id)
        elif message_id in answered:
            twice += 1
        else:
            unexpected += 1

    for at, call in run.answers:
        params = call.params
        if call.method == "setMessageReaction":
            reactions += 1
            take(int(params["message_id"]), at)
            continue
        sends += 1
        lines = [line for line in params.get("text", "").splitlines() if line.strip()]
        lines_sent += len(lines)
        merged += len(lines) > 1
        target = (params.get("reply_parameters") or {}).get("message_id")
        if len(lines) == 1 and target is not None:
            take(int(target), at)
            continue
        for line in lines:
            found = NAME.search(line)
            queue = by_name.get(found.group(1)) if found else None
            while queue and queue[0] not in pending:
                queue.popleft()
            if queue:
                take(queue.popleft(), at)
            else:
                unexpected += 1
    expected = sum(1 for p in run.pushed if p.keyword)
    left = sorted(pending.values(), key=lambda p: p.at)
    waited = run.stopped - left[-1].at if left else 0.0
    values = sorted(latencies) + [float("inf")] * len(left)
    print(
        f"  acks: {len(latencies):,} of {expected:,} check-ins answered by the end "
        f"({len(left):,} still queued when the listeners stopped)"
    )
    if values:
        print(
            f"  ack latency: median {shown(percentile(values, 0.5), waited)}, "
            f"95th percentile {shown(percentile(values, 0.95), waited)} (target < 1 s)"
        )
    if latencies:
        print(
            f"  of the acks received: median {statistics.median(latencies):.2f} s, "
            f"slowest {max(latencies):.2f} s"
        )
    if sends:
        per_send = lines_sent / sends
        print(
            f"  {sends:,} sendMessage carrying {lines_sent:,} acks "
            f"({merged:,} merged, {per_send:.1f} acks per message)"
            + (f", {reactions:,} reactions" if reactions else "")
        )
    elif reactions:
        print(f"  {reactions:,} setMessageReaction")
    longest = max(
        (
            len(call.params.get("text", "").encode("utf-16-le")) // 2
            for _, call in run.answers
            if call.method == "sendMessage"
        ),
        default=0,
    )
    if longest:
        print(f"  longest message: {longest:,} UTF-16 units (Telegram's limit: 4,096)")
    times = sorted(at for at, _ in run.answers)
    most = max((sum(1 for t in times if s <= t < s + 60) for s in times), default=0)
    print(f"  most answers within any 60 s: {most:,} (Telegram allows about 20 in a group)")
    if run.spacing and left:
        carried = lines_sent / sends if sends else 1.0
        drain = len(left) / carried * run.spacing
        print(
            f"  at {run.spacing:g} s per message and {carried:.0f} acks per message, the "
            f"queue left needs {drain:,.0f} s more: the last check-in of the minute hears "
            f"back about {drain + waited:,.0f} s after it was sent"
        )
    print(f"  acks sent twice: {twice} (must be 0); answers matching no check-in: {unexpected}")
    return lines_sent / sends if sends else 0.0


def throughput(run: Run, path: Path) -> None:
    member_messages = sum(1 for p in run.pushed if p.member)
    guest_messages = len(run.pushed) - member_messages
    db = open_db(path)
    try:
        stored = db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        checkins = db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
        unknown = db.execute("SELECT COALESCE(SUM(messages), 0) FROM unknown_senders").fetchone()[0]
        twice = db.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM checkins "
            "GROUP BY fingerprint HAVING n > 1)"
        ).fetchone()[0]
        ids = {name: member_id for member_id, name in db.execute("SELECT id, name FROM members")}
        fingerprints = {f for (f,) in db.execute("SELECT fingerprint FROM messages")}
        joined = len(ids) - sum(1 for name in ids if name.startswith("member-"))
    finally:
        db.close()
    lost = sum(
        1
        for p in run.pushed
        if p.member and fingerprint(ids.get(p.name, -1), p.date, p.text) not in fingerprints
    )
    lost += max(guest_messages - unknown, 0)
    expected_checkins = sum(1 for p in run.pushed if p.member and p.keyword)
    full = next((s for s in run.samples if s[1:3] == (member_messages, guest_messages)), None)
    until = (full[0] if full else run.stopped) - run.began
    backlog = 0
    for at, have, guests, _ in run.samples:
        if at <= run.pushed_until:
            pushed = sum(1 for p in run.pushed if p.at <= at)
            backlog = max(backlog, pushed - have - guests)
    offered = len(run.pushed) / (run.pushed_until - run.began)
    print(
        f"  pushed {len(run.pushed):,} messages in {run.pushed_until - run.began:.1f} s "
        f"({offered:,.0f}/s); all heard {until - (run.pushed_until - run.began):.1f} s after "
        f"the last push; at most {backlog:,} pushed and not yet stored (sampled every 0.2 s)"
    )
    print(
        f"  stored {stored:,} members' messages ({stored / until:,.0f}/s) and recorded "
        f"{checkins:,} check-ins ({checkins / until:,.0f}/s) in {until:.1f} s; "
        f"{unknown:,} messages of non-members counted"
    )
    per_poll = len(run.pushed) / max(run.polls, 1)
    print(
        f"  listeners' CPU: {run.cpu:.1f} s for the run, {run.cpu / len(run.pushed) * 1e3:.2f} ms "
        f"a message at {per_poll:.1f} messages a getUpdates ({run.polls:,} of them): one core "
        f"takes about {len(run.pushed) / run.cpu:,.0f} messages/s in batches that small"
    )
    print(
        f"  duplicates: {twice} check-ins stored twice (must be 0); lost: {lost} "
        f"(must be 0); check-ins {checkins:,} of {expected_checkins:,} expected; "
        f"members added along the way: {joined}"
    )
    if run.log.strip():
        print("  the listeners said: " + " | ".join(run.log.strip().splitlines()[:5]))


def fingerprint(member_id: int, epoch: float, text: str) -> str:
    """The fingerprint the import gives a message (camp.services.imports)."""
    raw = f"{member_id}\x1f{int(epoch)}\x1f{text}".encode()
    return f"{int(epoch):010x}" + hashlib.blake2b(raw, digest_size=10).hexdigest()


def bare(path: Path, folder: Path, commits: int) -> None:
    """The same rows by a bare executemany into tables of the same shape: once in one
    transaction, once in as many commits as the listeners made."""
    source = sqlite3.connect(path)
    schema = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN ('messages', 'checkins') "
            "AND sql IS NOT NULL ORDER BY type DESC"
        )
    ]
    tables = {}
    for table in ("messages", "checkins"):
        columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")][1:]
        rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        tables[table] = (columns, rows)
    source.close()
    for label, parts in (("one transaction", 1), (f"{commits:,} commits", commits)):
        target = folder / f"bare-{parts}.db"
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        for sql in schema:
            conn.execute(sql)
        figures = []
        for table, (columns, rows) in tables.items():
            insert = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})"
            )
            size = max(1, -(-len(rows) // parts))
            start = time.perf_counter()
            for at in range(0, len(rows), size):
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(insert, rows[at : at + size])
                conn.execute("COMMIT")
            took = time.perf_counter() - start
            figures.append(
                f"{len(rows):,} {table} rows in {took * 1e3:.0f} ms "
                f"({len(rows) / took:,.0f}/s, {took / max(len(rows), 1) * 1e6:.1f} µs a row)"
            )
        conn.close()
        print(f"  bare sqlite3.executemany, {label}: " + "; ".join(figures))


def platform_run(
    kind: str, plan: list[tuple[str, bool, bool]], members: int, seconds: float
) -> None:
    """The traffic through Discord's, Slack's, Feishu's or DingTalk's double, answered
    with reactions (Discord, Slack) or unpaced replies (Feishu, DingTalk, which have no
    reactions); the latency from a check-in's push to its answer reaching the double."""
    import json

    replies = kind in ("feishu", "dingtalk")
    if kind == "discord":
        from discord_double import CHANNEL, DiscordDouble
        from discord_double import TOKEN as DISCORD_TOKEN
        from discord_double import user as discord_user

        double: object = DiscordDouble()
        env = {"CAMP_DISCORD_TOKEN": DISCORD_TOKEN}
        chat = str(CHANNEL)

        def person(name: str) -> dict:
            number = int(name.split("-")[1])
            base = 410_000_000_000_000_000 if name.startswith("member") else 420_000_000_000_000_000
            return discord_user(base + number, name)

        bot = (
            f'type = "discord"\ntoken_env = "CAMP_DISCORD_TOKEN"\nchat = "{chat}"\n'
            'api_base = "{base}"\n'
        )
    elif kind == "feishu":
        from feishu_double import APP_ID, SECRET, FeishuDouble
        from feishu_double import CHAT as FEISHU_CHAT
        from feishu_double import user as feishu_user

        double = FeishuDouble()
        env = {"CAMP_FEISHU_SECRET": SECRET}
        chat = FEISHU_CHAT

        def person(name: str) -> dict:
            number = int(name.split("-")[1])
            prefix = "ou_m" if name.startswith("member") else "ou_g"
            return feishu_user(f"{prefix}{number:07d}", name)

        bot = (
            f'type = "feishu"\napp_id = "{APP_ID}"\nsecret_env = "CAMP_FEISHU_SECRET"\n'
            f'chat = "{chat}"\napi_base = "{{base}}"\n'
        )
    elif kind == "dingtalk":
        from dingtalk_double import APP_ID as DINGTALK_APP
        from dingtalk_double import CHAT as DINGTALK_CHAT
        from dingtalk_double import SECRET as DINGTALK_SECRET
        from dingtalk_double import DingTalkDouble
        from dingtalk_double import user as dingtalk_user

        double = DingTalkDouble()
        env = {"CAMP_DINGTALK_SECRET": DINGTALK_SECRET}
        chat = DINGTALK_CHAT

        def person(name: str) -> dict:
            return dingtalk_user(f"staff-{name}", name)

        bot = (
            f'type = "dingtalk"\napp_id = "{DINGTALK_APP}"\n'
            f'secret_env = "CAMP_DINGTALK_SECRET"\nchat = "{chat}"\napi_base = "{{base}}"\n'
        )
    else:
        from slack_double import APP_TOKEN, BOT_TOKEN, SlackDouble
        from slack_double import CHANNEL as SLACK_CHANNEL
        from slack_double import user as slack_user

        double = SlackDouble()
        env = {"CAMP_SLACK_BOT_TOKEN": BOT_TOKEN, "CAMP_SLACK_APP_TOKEN": APP_TOKEN}
        chat = SLACK_CHANNEL

        def person(name: str) -> dict:
            number = int(name.split("-")[1])
            prefix = "UM" if name.startswith("member") else "UG"
            return slack_user(f"{prefix}{number:07d}", name)

        bot = (
            'type = "slack"\ntoken_env = "CAMP_SLACK_BOT_TOKEN"\n'
            f'app_token_env = "CAMP_SLACK_APP_TOKEN"\nchat = "{chat}"\n'
            'api_base = "{base}"\n'
        )
    folder = Path(tempfile.mkdtemp(prefix=f"camp-listening-{kind}-"))
    reacted: dict[str, float] = {}
    #: Each answer of Feishu and DingTalk as it came: its time, the message it replies
    #: to (Feishu names it, unless answers went together) and its lines.
    answered: list[tuple[float, str | None, list[str]]] = []
    try:
        with double as server:  # type: ignore[attr-defined]
            base = server.api_base
            original = getattr(server, "reactions", [])

            class Timed(list):
                def append(self, item) -> None:  # (chat, message id, emoji)
                    reacted.setdefault(str(item[1]), time.monotonic())
                    super().append(item)

            server.reactions = Timed(original)

            class Answers(list):
                def append(self, item) -> None:  # a body the double recorded
                    text = item.get("text") if kind == "feishu" else item.get("content")
                    lines = [line for line in str(text or "").splitlines() if line.strip()]
                    answered.append((time.monotonic(), item.get("reply_to"), lines))
                    super().append(item)

            if replies:
                server.sent = Answers()
            source = (ROOT / "templates" / "camps" / "reading-camp.toml").read_text(
                encoding="utf-8"
            )
            source = source.replace('[[channels]]\ntype = "stdout"\n', "")
            reply = "ack" if replies else "react"
            source += "\n[[bots]]\n" + bot.replace("{base}", base) + f'reply = "{reply}"\n'
            definition = folder / "camp.toml"
            definition.write_text(source, encoding="utf-8")
            path = folder / "live.db"
            db = open_db(path)
            created = pendulum.datetime(2026, 11, 30, tz="UTC")
            create_camp(db, str(definition), name="Bench", start=START, now=created, slug="live")
            add_members(db, "live", [f"member-{m:04d}" for m in range(members)], now=created)
            db.close()
            log = (folder / "listeners.log").open("w+", encoding="utf-8")
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    LISTEN,
                    str(path),
                    "-",
                    str(EVENING.timestamp()),
                    "0",
                    json.dumps(env),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=child_env(),
            )
            assert child.stdout is not None
            cpu_before = float(child.stdout.readline())
            if kind == "discord":
                server.wait_for_identify()
            else:
                server.wait_for_connection()
            names: dict[str, str] = {}
            pushed: dict[str, float] = {}
            step = seconds / len(plan)
            began = time.monotonic()
            for i, (name, member, keyword) in enumerate(plan):
                wait = began + i * step - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                text = f"#打卡 第 {i} 条：今天读完第 3 章" if keyword else f"大家好 😅 {i}"
                at = EVENING.timestamp() + i * step
                message_id = server.push_text(chat, person(name), text, at=at)
                if keyword and member:  # a stranger's check-in gets no reaction
                    pushed[str(message_id)] = time.monotonic()
                    names[str(message_id)] = name
            pushed_for = time.monotonic() - began
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and any(m not in reacted for m in pushed):
                if replies:
                    reacted = match_answers(answered, pushed, names)[0]
                time.sleep(0.1)
            time.sleep(1)  # anything answered twice comes now
            cpu_after = float(child.communicate("stop\n", timeout=30)[0].split()[0])
            if replies:
                reacted, answered_twice = match_answers(answered, pushed, names)
            log.seek(0)
            said = log.read().strip().splitlines()
            log.close()
            db = open_db(path)
            stored = db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            checkins = db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
            unknown = db.execute(
                "SELECT COALESCE(SUM(messages), 0) FROM unknown_senders"
            ).fetchone()[0]
            twice = db.execute(
                "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM checkins "
                "GROUP BY fingerprint HAVING n > 1)"
            ).fetchone()[0]
            db.close()
            latencies = sorted(reacted[m] - at for m, at in pushed.items() if m in reacted)
            twice_word = "answers" if replies else "reactions"
            reactions_twice = answered_twice if replies else len(server.reactions) - len(reacted)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    expected = sum(1 for _, member, keyword in plan if member and keyword)
    print(
        f"  pushed {len(plan):,} messages in {pushed_for:.1f} s; stored {stored:,} members' "
        f"messages, {unknown:,} of non-members counted, {checkins:,} check-ins of {expected:,}"
    )
    if latencies:
        print(
            f"  ack latency (push to {twice_word[:-1]}): median {statistics.median(latencies):.3f} s, "
            f"95th percentile {percentile(latencies, 0.95):.3f} s, slowest "
            f"{latencies[-1]:.3f} s, {len(latencies):,} {twice_word} of {expected:,} check-ins "
            "(target < 1 s)"
        )
    print(
        f"  listeners' CPU: {cpu_after - cpu_before:.1f} s, "
        f"{(cpu_after - cpu_before) / len(plan) * 1e3:.2f} ms a message; duplicates: {twice} "
        f"check-ins stored twice, {reactions_twice} {twice_word} twice (both must be 0)"
    )
    if said:
        print("  the listeners said: " + " | ".join(said[:5]))


def match_answers(
    answered: list[tuple[float, str | None, list[str]]],
    pushed: dict[str, float],
    names: dict[str, str],
) -> tuple[dict[str, float], int]:
    """When each check-in was first answered (by the message a reply names, else by the
    member's name in a line: a member's answers come in the order of their check-ins),
    and how many answers matched a check-in answered already."""
    queues: dict[str, deque[str]] = defaultdict(deque)
    for message_id in pushed:  # pushed in order
        queues[names[message_id]].append(message_id)
    first: dict[str, float] = {}
    twice = 0
    for at, reply_to, lines in answered:
        if reply_to is not None and len(lines) == 1:
            if reply_to in pushed:
                if reply_to in first:
                    twice += 1
                first.setdefault(reply_to, at)
                queue = queues[names[reply_to]]
                if reply_to in queue:
                    queue.remove(reply_to)
            continue
        for line in lines:
            found = NAME.search(line)
            queue = queues.get(found.group(1)) if found else None
            while queue and queue[0] in first:
                queue.popleft()
            if queue:
                first[queue.popleft()] = at
    return first, twice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument(
        "--platform",
        choices=("telegram", "discord", "slack", "feishu", "dingtalk", "all"),
        default="telegram",
    )
    args = parser.parse_args()
    plan = traffic(args.messages, args.members)
    if args.platform != "telegram":
        others = ("discord", "slack", "feishu", "dingtalk")
        for kind in others if args.platform == "all" else (args.platform,):
            way = "unpaced replies" if kind in ("feishu", "dingtalk") else "reactions"
            print(
                f"{kind}: one camp of {args.members:,} members, {args.messages:,} messages "
                f"over {args.seconds:g} s, answered with {way}"
            )
            platform_run(kind, plan, args.members, args.seconds)
        if args.platform != "all":
            return
    checkins = sum(1 for _, _, keyword in plan if keyword)
    guests = sum(1 for _, member, _ in plan if not member)
    print(
        f"one camp of {args.members:,} members, one Telegram bot, one group: "
        f"{args.messages:,} messages over {args.seconds:g} s, {checkins:,} with the keyword, "
        f"{guests:,} from non-members; the clock fixed at {EVENING:%Y-%m-%d %H:%M} "
        f"{EVENING.timezone_name}"
    )
    runs = [
        Run(
            f"1. text acks, paced at Telegram's {REPLY_SPACING:g} s per group", "ack", REPLY_SPACING
        ),
        Run(
            "2. reactions (they go as they come; the few text answers stay paced)",
            "react",
            REPLY_SPACING,
        ),
    ]
    folder = Path(tempfile.mkdtemp(prefix="camp-listening-bench-"))
    try:
        carried = []
        for run in runs:
            run.folder = folder / run.reply
            run.folder.mkdir()
            print(run.label)
            listen(run, plan, args.members, args.seconds)
            carried.append(ack_latency(run))
            throughput(run, run.folder / "live.db")
        print("the same rows, bare (run 2's tables):")
        bare(runs[-1].folder / "live.db", folder, runs[-1].polls)
        print(
            "reading it:\n"
            "- the listeners take each getUpdates batch in one transaction and answer after "
            "the commit: run 2's latency is all of that, nothing waiting;\n"
            f"- Telegram lets a bot say about 20 messages a minute in a group: run 1 sends the "
            f"acks waiting as one message (each in its short form) at most every "
            f"{REPLY_SPACING:g} s after the first few, {carried[0]:.0f} acks a message on "
            f"average, against {checkins / args.seconds:.0f} check-ins/s: an ack waits for "
            "the next message's turn, which is run 1's latency;\n"
            + "- reactions are not messages: they go one by one as the check-ins come, and "
            "only Telegram's 429 (with its retry_after) slows them."
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
