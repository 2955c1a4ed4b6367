"""Importing a 1,000,000-message chat export, in every format (SPEC section 8).

    python bench/imports.py [--messages 1000000] [--format qq ...]

For each format, and for the other layouts users' phones and tools write of the same
formats (WhatsApp iOS, PyWxDump's and MemoTrace's WeChat CSVs, qq-chat-exporter's TXT
and JSON), writes an export of that many messages over 20 days (2,000 members, about
one in five a check-in) and imports it with `camp import` in a fresh process.
Prints messages per second end to end and peak memory (of the importing process or
the child that reads the export for it, whichever is larger), next to the bare baseline
measured in the same run: a fresh database of the same schema, the same camp and
members, and a bare `sqlite3.executemany` of the very rows the import wrote (read back
from the imported database): its messages and its check-ins, in one transaction. Flat memory is shown by the plain CSV at a quarter size.
Targets: every format at least 100,000 messages/s and within 1.5x of the bare insert.
Also prints the CPU time per message of the writing process and of the reading child.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

import pendulum

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.members import add_members

MEMBERS = 2000
START = dt.date(2026, 12, 1)
FIRST = dt.datetime(2026, 12, 1, 6, 0)
CHECKIN = "#打卡 今天读完第 3 章"
CHATTER = "大家好，今天的任务有点难 😅"


@dataclass(frozen=True)
class Shape:
    """Who writes an export's messages and over which days."""

    members: int = MEMBERS
    first: dt.datetime = FIRST
    days: int = 20


def messages(count: int, shape: Shape = Shape()) -> Iterator[tuple[int, dt.datetime, str, int]]:
    """(member number, local time, text, running number) of each message, in time order."""
    rng = random.Random(5)
    step = (shape.days * 86400) / count
    for i in range(count):
        at = shape.first + dt.timedelta(seconds=int(i * step))
        text = CHECKIN if rng.random() < 0.2 else CHATTER
        yield rng.randrange(shape.members), at, text, i


def name(member: int) -> str:
    return f"member-{member:04d}"


def write_csv(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write("member,time,text\n")
    for who, at, text, _ in messages(count, shape):
        f.write(f"{name(who)},{at:%Y-%m-%d %H:%M:%S},{text}\n")


def write_qq(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write("消息记录（此消息记录为文本格式，不支持重新导入）\n\n" + "=" * 64 + "\n")
    f.write("消息分组:我的QQ群\n" + "=" * 64 + "\n消息对象:读书营\n" + "=" * 64 + "\n\n")
    for who, at, text, _ in messages(count, shape):
        clock = f"{at.hour}:{at:%M:%S}"
        # QQ numbers from 100000: 10000 is the system account.
        f.write(f"{at:%Y-%m-%d} {clock} {name(who)}({100000 + who})\n{text}\n\n")


def write_whatsapp(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # Android, day first (dates past the 12th settle the order), minutes only.
    for who, at, text, _ in messages(count, shape):
        f.write(f"{at:%d/%m/%Y, %H:%M} - {name(who)}: {text}\n")


def write_wechat(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write("talker,sender,wxid,type,content,time\n")
    for who, at, text, _ in messages(count, shape):
        f.write(f"1234@chatroom,{name(who)},wxid_{who},1,{text},{at:%Y-%m-%d %H:%M:%S}\n")


def write_telegram(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write('{\n "name": "读书营",\n "type": "private_supergroup",\n "id": 1,\n "messages": [\n')
    for who, at, text, i in messages(count, shape):
        record = {
            "id": i + 1,
            "type": "message",
            "date": f"{at:%Y-%m-%dT%H:%M:%S}",
            "date_unixtime": str(int(at.replace(tzinfo=dt.UTC).timestamp()) - 8 * 3600),
            "from": name(who),
            "from_id": f"user{100000 + who}",
            "text": text,
            "text_entities": [{"type": "plain", "text": text}],
        }
        f.write(("  " if i == 0 else ",\n  ") + json.dumps(record, ensure_ascii=False))
    f.write("\n ]\n}\n")


def write_discord_json(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write(
        '{\n  "guild": {"id": "1", "name": "Camp", "iconUrl": ""},\n'
        '  "channel": {"id": "2", "type": "GuildTextChat", "name": "check-in"},\n'
        '  "messages": [\n'
    )
    for who, at, text, i in messages(count, shape):
        record = {
            "id": str(900000000000000000 + i),
            "type": "Default",
            "timestamp": f"{at:%Y-%m-%dT%H:%M:%S}.000+08:00",
            "content": text,
            "author": {"id": str(800000000000000000 + who), "name": name(who)},
        }
        f.write(("    " if i == 0 else ",\n    ") + json.dumps(record, ensure_ascii=False))
    f.write("\n  ]\n}\n")


def write_discord_csv(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    f.write("AuthorID,Author,Date,Content,Attachments,Reactions\n")
    for who, at, text, _ in messages(count, shape):
        f.write(
            f'"{800000000000000000 + who}","{name(who)}",'
            f'"{at:%Y-%m-%dT%H:%M:%S}.000+08:00","{text}","",""\n'
        )


def write_whatsapp_ios(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # iOS: the time in brackets, with seconds.
    for who, at, text, _ in messages(count, shape):
        f.write(f"[{at:%d/%m/%Y, %H:%M:%S}] {name(who)}: {text}\n")


def write_pywxdump(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # PyWxDump's current CSV: the talker is the sender's wxid, the camp's member name.
    f.write("id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n")
    for who, at, text, i in messages(count, shape):
        f.write(
            f"{i + 1},{7235012345678901001 + i},文本,0,{name(who)},34567890123@chatroom,"
            f"{text},,{at:%Y-%m-%d %H:%M:%S}\n"
        )


def write_memotrace(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # WeChatMsg / MemoTrace: epoch seconds and the local time, nickname and wxid.
    f.write("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,"
            "Remark,NickName,Sender\n")
    for who, at, text, i in messages(count, shape):
        epoch = int(at.replace(tzinfo=dt.UTC).timestamp()) - 8 * 3600
        f.write(
            f"{i + 1},3,1,0,0,{epoch},2,{text},{at:%Y-%m-%d %H:%M:%S},,{name(who)},"
            f"wxid_{who}\n"
        )


def write_qq_exporter_txt(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # qq-chat-exporter's TXT: a header, then each message as name, time and content lines.
    rule = "=" * 47
    f.write(
        "[QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]\n"
        "[本软件是免费的开源项目~ 如果您是买来的，请立即退款！如果有帮助到您，欢迎给我点个Star~]\n\n"
        f"{rule}\n           QQ聊天记录导出文件\n{rule}\n\n"
        f"聊天名称: 读书营\n聊天类型: 群聊\n消息总数: {count}\n\n\n"
    )
    for who, at, text, _ in messages(count, shape):
        f.write(f"{name(who)}:\n时间: {at:%Y-%m-%d %H:%M:%S}\n内容: {text}\n\n\n")


def write_qq_exporter_json(f: IO[str], count: int, shape: Shape = Shape()) -> None:
    # qq-chat-exporter's JSON: one message a line, with the element lists it writes.
    f.write(
        '{\n  "metadata":{"name":"QQChatExporter V5 / https://github.com/shuakami/'
        'qq-chat-exporter","version":"5.0.0"},\n'
        '  "chatInfo":{"name":"读书营","type":"group"},\n  "messages":[\n'
    )
    for who, at, text, i in messages(count, shape):
        epoch = int(at.replace(tzinfo=dt.UTC).timestamp()) - 8 * 3600
        record = {
            "id": str(7341000000000000001 + i),
            "seq": str(1001 + i),
            "timestamp": epoch * 1000,
            "time": f"{at:%Y-%m-%d %H:%M:%S}",
            "sender": {
                "uid": f"u_{who:022d}",
                "uin": str(100000 + who),
                "name": name(who),
                "nickname": name(who),
                "groupCard": name(who),
            },
            "type": "type_1",
            "content": {
                "text": text,
                "html": "",
                "elements": [{"type": "text", "data": {"text": text}}],
                "resources": [],
                "mentions": [],
            },
            "recalled": False,
            "system": False,
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        f.write(("    " if i == 0 else ",\n    ") + line)
    f.write('\n  ],\n  "exportOptions":{"includedFields":["id","timestamp","sender"]}\n}\n')


#: What the last two columns of the tables mean.
CPU_NOTE = (
    "write µs, read µs: CPU per message of the importing process and of its reading\n"
    "child; on two cores the two overlap, so the larger one bounds the rate"
)

#: --format name, file suffix, writer.
FORMATS: dict[str, tuple[str, str, Callable[[IO[str], int, Shape], None]]] = {
    "qq": ("qq", "txt", write_qq),
    "whatsapp": ("whatsapp", "txt", write_whatsapp),
    "wechat": ("wechat", "csv", write_wechat),
    "telegram": ("telegram", "json", write_telegram),
    "discord-json": ("discord", "json", write_discord_json),
    "discord-csv": ("discord", "csv", write_discord_csv),
    "csv": ("csv", "csv", write_csv),
    # Other layouts of the same formats, as users' phones and tools write them.
    "whatsapp-ios": ("whatsapp", "txt", write_whatsapp_ios),
    "wechat-pywxdump": ("wechat", "csv", write_pywxdump),
    "wechat-memotrace": ("wechat", "csv", write_memotrace),
    "qq-exporter-txt": ("qq", "txt", write_qq_exporter_txt),
    "qq-exporter-json": ("qq", "json", write_qq_exporter_json),
}


def make_db(path: Path) -> None:
    db = open_db(path)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, "reading-camp", name="Bench import", start=START, now=now, slug="bench")
    add_members(db, camp.slug, [name(i) for i in range(MEMBERS)], now=now)
    db.close()


IMPORT = """
import resource, sys, time
from camp.cli import main
start = time.perf_counter()
try:
    main(["--db", sys.argv[1], "import", "bench", sys.argv[2], "--format", sys.argv[3],
          "--json"], standalone_mode=False)
finally:
    took = time.perf_counter() - start
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    # The larger of this process and the child that reads the export for it.
    peak = max(u.ru_maxrss for u in usage)
    # CPU seconds of the writing process and of the reading child: where the time goes.
    cpu = [u.ru_utime + u.ru_stime for u in usage]
    print(took, peak, cpu[0], cpu[1], file=sys.stderr)
"""

BARE = """
import sqlite3, sys, time
imported = sqlite3.connect(sys.argv[2])
MESSAGES = "camp_id, member_id, fingerprint, at, day, checkin"
CHECKINS = ("camp_id, member_id, at, day, window_name, status, points, text, source, "
            "fingerprint, created")
rows = imported.execute(f"SELECT {MESSAGES} FROM messages ORDER BY id").fetchall()
checkins = imported.execute(f"SELECT {CHECKINS} FROM checkins ORDER BY id").fetchall()
conn = sqlite3.connect(sys.argv[1])
start = time.perf_counter()
with conn:
    conn.executemany(f"INSERT INTO messages ({MESSAGES}) VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(f"INSERT INTO checkins ({CHECKINS}) VALUES ({', '.join('?' * 11)})",
                     checkins)
conn.close()  # the checkpoint into the database file, as the import pays at its end
print(time.perf_counter() - start, len(rows))
"""


class Timed(NamedTuple):
    """One import and its bare baseline, measured in fresh processes."""

    seconds: float
    peak_kb: int
    writer_cpu: float
    reader_cpu: float
    bare_seconds: float
    bare_rows: int


def timed_import(db: Path, export: Path, fmt: str, now: str, bare: Path, bare_script: str) -> Timed:
    """``camp import`` of ``export`` into ``db`` with the clock at ``now``, then
    ``bare_script`` inserting the rows it wrote into ``bare`` (it prints its seconds and
    rows)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT, str(db), str(export), fmt],
        capture_output=True,
        text=True,
        env={**os.environ, "CAMP_NOW": now},
    )
    if result.returncode != 0:
        raise SystemExit(f"{fmt}: the import failed: {result.stderr.strip()[-500:]}")
    took, peak_kb, writer_cpu, reader_cpu = result.stderr.split()[-4:]
    bare_run = subprocess.run(
        [sys.executable, "-c", bare_script, str(bare), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    bare_took, rows = bare_run.stdout.split()
    return Timed(
        float(took), int(peak_kb), float(writer_cpu), float(reader_cpu), float(bare_took), int(rows)
    )


def run_import(folder: Path, label: str, count: int) -> tuple[float, int, float, int, float, float]:
    """(seconds, peak KB) of the import, (seconds, rows) of the bare insert, and the CPU
    seconds of the import's writing process and of its reading child."""
    fmt, suffix, writer = FORMATS[label]
    export = folder / f"{label}-{count}.{suffix}"
    with export.open("w", encoding="utf-8") as f:
        writer(f, count)
    db, bare = folder / f"{label}-{count}.db", folder / f"{label}-{count}-bare.db"
    make_db(db)
    make_db(bare)
    # After the camp: none of the messages is in the future.
    timed = timed_import(db, export, fmt, "2027-01-01T00:00:00+08:00", bare, BARE)
    export.unlink()
    return (
        timed.seconds,
        timed.peak_kb,
        timed.bare_seconds,
        timed.bare_rows,
        timed.writer_cpu,
        timed.reader_cpu,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--format", dest="formats", action="append", choices=sorted(FORMATS))
    args = parser.parse_args()
    count = args.messages
    print(
        f"{'format':<13} {'import s':>9} {'msgs/s':>9} {'peak MB':>8} {'bare s':>7} {'ratio':>6}"
        f" {'write µs':>9} {'read µs':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label in args.formats or FORMATS:
            took, peak, bare, rows, writer_cpu, reader_cpu = run_import(folder, label, count)
            flag = "" if rows == count else f"  ({rows:,} rows stored of {count:,})"
            print(
                f"{label:<13} {took:>9.2f} {count / took:>9,.0f} {peak / 1024:>8.0f} "
                f"{bare:>7.2f} {took / bare:>5.2f}x"
                f" {writer_cpu / count * 1e6:>9.1f} {reader_cpu / count * 1e6:>8.1f}{flag}"
            )
        small_peak = run_import(folder, "csv", count // 4)[1]
    print(f"csv at {count // 4:,} messages: peak {small_peak / 1024:.0f} MB (flat when close)")
    print("targets: >= 100,000 msgs/s and <= 1.5x the bare insert, in every format")
    print(CPU_NOTE)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
