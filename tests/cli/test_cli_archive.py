"""`camp archive CAMP [--undo]`."""

from __future__ import annotations


def test_archive_and_undo(cp):
    assert cp("archive", "cp-test").stdout == "cp-test archived\n"
    assert cp.json("list", "--json")[0]["status"] == "archived"
    assert "archived" in cp("show", "cp-test").stdout
    assert cp("archive", "cp-test", "--undo").stdout == "cp-test is active again\n"
    assert cp.json("list", "--json")[0]["status"] == "upcoming"


def test_archived_camps_are_listed_last(cp):
    cp("new", "copywriting-cp", "--name", "Earlier", "--start", "2026-11-01")
    assert [c["slug"] for c in cp.json("list", "--json")] == ["cp-test", "earlier"]
    cp("archive", "cp-test")
    assert [c["slug"] for c in cp.json("list", "--json")] == ["earlier", "cp-test"]


def test_archiving_an_unknown_camp_is_one_sentence(cp):
    result = cp("archive", "nope", ok=False)
    assert "No camp with slug 'nope'. Known camps: cp-test." in result.stderr
