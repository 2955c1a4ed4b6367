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
