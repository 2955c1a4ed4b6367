"""`camp listen`: the bots alone, in their own process, stopped by SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "camp"))
from telegram_double import GROUP, TOKEN, TelegramDouble, clear_proxies, user

DATA = Path(__file__).resolve().parent.parent / "data"


def camp_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db), *args]


@pytest.mark.slow
def test_camp_listen_hears_answers_holds_the_lease_and_stops_on_sigterm(tmp_path, monkeypatch):
    clear_proxies(monkeypatch)
    with TelegramDouble(TOKEN) as telegram:
        definition = tmp_path / "camp.toml"
        definition.write_text(
            (DATA / "cp_announced.toml").read_text(encoding="utf-8")
            + f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
            f'api_base = "{telegram.url}"\n',
            encoding="utf-8",
        )
        db = tmp_path / "listen.db"
        env = {**os.environ, "CAMP_NOW": "2026-11-30T12:00:00+08:00", "CAMP_TG_TOKEN": TOKEN}
        run = dict(env=env, check=True, capture_output=True, cwd=tmp_path, text=True)
        subprocess.run(
            camp_command(db, "new", str(definition), "--name", "Live", "--start", "2026-12-01"),
            **run,
        )
        subprocess.run(camp_command(db, "members", "add", "live", "Ann"), **run)
        env["CAMP_NOW"] = "2026-12-01T20:30:00+08:00"
        listening = subprocess.Popen(
            camp_command(db, "listen"), env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True
        )
        try:
            at = 1_796_128_200  # 2026-12-01 20:30 in Shanghai
            telegram.push_text(GROUP, user(101, "Ann"), "#checkin", date=at)
            [ack] = telegram.wait_for_sent(1, timeout=20)
            assert ack.params["text"].startswith("✅ Ann · day 1 · on time")
            second = subprocess.run(
                camp_command(db, "run", "--once"),
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
            )
            assert second.returncode != 0 and "Another scheduler" in second.stderr
            sent = time.monotonic()
            listening.send_signal(signal.SIGTERM)
            _, stderr = listening.communicate(timeout=10)
            assert time.monotonic() - sent < 3
        finally:
            if listening.poll() is None:
                listening.kill()
                listening.wait()
    assert listening.returncode == 0, stderr
    assert "Traceback" not in stderr and TOKEN not in stderr
    assert "stopped listening" in stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM leases").fetchone() == (0,)
        assert conn.execute("SELECT source FROM checkins").fetchall() == [("bot:telegram",)]


@pytest.mark.slow
def test_sigkill_mid_stream_loses_and_doubles_nothing(tmp_path, monkeypatch):
    clear_proxies(monkeypatch)
    with TelegramDouble(TOKEN) as telegram:
        definition = tmp_path / "camp.toml"
        definition.write_text(
            (DATA / "cp_announced.toml").read_text(encoding="utf-8")
            + f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
            f'api_base = "{telegram.url}"\nreply = "silent"\n',
            encoding="utf-8",
        )
        db = tmp_path / "kill.db"
        env = {**os.environ, "CAMP_NOW": "2026-11-30T12:00:00+08:00", "CAMP_TG_TOKEN": TOKEN}
        run = dict(env=env, check=True, capture_output=True, cwd=tmp_path, text=True)
        subprocess.run(
            camp_command(db, "new", str(definition), "--name", "Kill", "--start", "2026-12-01"),
            **run,
        )
        names = [f"M{i}" for i in range(40)]
        subprocess.run(camp_command(db, "members", "add", "kill", *names), **run)
        env["CAMP_NOW"] = "2026-12-01T23:00:00+08:00"
        at = 1_796_128_200  # 20:30 in Shanghai, inside the night window
        pushed = 0
        for _round in range(6):
            listening = subprocess.Popen(
                camp_command(db, "listen"),
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with sqlite3.connect(db) as conn:
                before = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            for _ in range(40):
                member = 200 + (pushed % 40)
                text = "#checkin" if pushed < 40 else f"chat {pushed}"
                telegram.push_text(GROUP, user(member, f"M{member - 200}"), text, date=at + pushed)
                pushed += 1
            # Killed as soon as it has stored some of this round, not all: mid-stream.
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                with sqlite3.connect(db) as conn:
                    if conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] > before:
                        break
                time.sleep(0.005)
            listening.send_signal(signal.SIGKILL)
            listening.wait(timeout=10)
            with sqlite3.connect(db) as conn:
                conn.execute("DELETE FROM leases")  # a killed holder's lease: expire it
        listening = subprocess.Popen(
            camp_command(db, "listen"), env=env, cwd=tmp_path, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with sqlite3.connect(db) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
                if stored >= pushed:
                    break
                time.sleep(0.2)
        finally:
            listening.send_signal(signal.SIGTERM)
            listening.wait(timeout=10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone() == (pushed,)
        assert conn.execute("SELECT COUNT(*) FROM checkins").fetchone() == (40,)
        assert conn.execute(
            "SELECT COUNT(DISTINCT member_id) FROM checkins WHERE status = 'on_time'"
        ).fetchone() == (40,)
