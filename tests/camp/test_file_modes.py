"""Who can read what camp writes: the database (members' names, handles and messages)
is its owner's alone; announcement files are as readable as the folder they go to."""

from __future__ import annotations

import os
import stat

import pytest

from camp.db import open_db
from camp.delivery import Message, deliver
from camp.models import Channel


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_and_its_wal_files_are_the_owners_alone(tmp_path, usual_umask):
    path = tmp_path / "camp.db"
    db = open_db(path)
    try:
        db.execute("CREATE TABLE scratch (x)")
        db.execute("INSERT INTO scratch VALUES (1)")  # the WAL file now exists
        assert _mode(path) == 0o600
        for side in ("camp.db-wal", "camp.db-shm"):
            assert _mode(tmp_path / side) == 0o600, side
    finally:
        db.close()


def test_an_existing_database_keeps_the_mode_its_owner_gave_it(tmp_path, usual_umask):
    path = tmp_path / "camp.db"
    open_db(path).close()
    path.chmod(0o640)  # shared with a group on purpose
    open_db(path).close()
    assert _mode(path) == 0o640


@pytest.mark.parametrize("folder_mode", [0o755, 0o750, 0o700, 0o775])
def test_announcement_files_are_as_readable_as_their_folder(tmp_path, usual_umask, folder_mode):
    folder = tmp_path / "announcements"
    folder.mkdir()
    folder.chmod(folder_mode)
    message = Message(
        title="Day 2", text="Well done", kind="summary", key="cp_summary_d2", image=b"\x89PNG"
    )
    deliver(Channel("folder", {"path": str(folder)}), message)
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["cp_summary_d2.md", "cp_summary_d2.png"]
    for file in files:
        assert _mode(file) == folder_mode & 0o666, file.name
