"""Handing prepared batches from the process that reads an export to the one that writes.

The reading child (:func:`camp.services.imports._prepare_for_parent`) puts each batch
in one of a few spool files and says so on its stdout pipe; the importing process reads
the batch back and, as it takes it, answers on the child's stdin with how long it spent
over the batch before (and how many lines the export has, which it counted as it checked
the encoding: the child need not read the whole file once more to know). The child so knows how many batches wait for the writer, and may
run up to :data:`SPOOLS` batches ahead of it: a slow write (a commit that copies the WAL
into the database) does not stop the reading. From the writer's times and its own it
works out how much of each batch to leave to the writer to prepare, so that neither
process waits for the other (``_Prepared.left``).

Batches go through files rather than the pipe because a pipe holds 64 KB: a batch of
megabytes would make the child wait for the writer to take each one. The files are
unlinked temporary files, never synced: the page cache is all they use.
"""

from __future__ import annotations

import io
import os
import pickle
import select
import struct
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import IO, Any

__all__ = ["SPOOLS", "Receiver", "Sender", "spool_files", "usable"]

#: Batches the reading child may be ahead of the writer.
SPOOLS = 3

#: What the child says on its pipe for a batch in a spool file: (kind, (index, size)).
SPOOLED = "spooled"


def usable() -> bool:
    """Spool files and answers on the child's stdin need POSIX (``pass_fds``, ``select``
    on a pipe); elsewhere batches go through the pipe itself."""
    return os.name == "posix"


@contextmanager
def spool_files() -> Iterator[tuple[IO[bytes], ...]]:
    """:data:`SPOOLS` unlinked temporary files for a child to inherit (none where
    :func:`usable` is False), closed when the block ends."""
    with ExitStack() as stack:
        files = (
            tuple(stack.enter_context(tempfile.TemporaryFile()) for _ in range(SPOOLS))
            if usable()
            else ()
        )
        yield files


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view, offset = memoryview(data), 0
    while offset < len(view):
        offset += os.pwrite(fd, view[offset:], offset)


def _read_all(fd: int, size: int) -> bytes:
    parts, offset = [], 0
    while offset < size:
        part = os.pread(fd, size - offset, offset)
        if not part:
            raise EOFError("a spool file ended before its batch")
        parts.append(part)
        offset += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


class Sender:
    """The child's side: sends batches, and learns from the writer's answers how many
    it has taken and how long it took over each one.

    ``spools`` are the inherited files' descriptors (empty: every batch goes through
    ``pipe``, and no answers come); ``answers`` is the descriptor of stdin.
    """

    def __init__(self, pipe: IO[bytes], spools: tuple[int, ...], answers: int):
        self.pipe, self.spools, self.answers = pipe, spools, answers
        self.sent = 0
        self.taken = 0
        #: (batch number, seconds writing it, seconds preparing what was left in it) of
        #: the last batch the writer finished, or None before the first.
        self.finished: tuple[int, float, float] | None = None
        #: The export's lines, as the writer counted them when it checked the encoding
        #: (None until an answer tells, or when it did not count them).
        self.lines: int | None = None
        self._partial = b""
        #: Seconds spent waiting for the writer to take a batch, since last emptied.
        self.waited = 0.0
        if spools:
            os.set_blocking(answers, False)

    def say(self, kind: str, value: Any) -> None:
        """A message on the pipe itself (the end, an error)."""
        pickle.dump((kind, value), self.pipe, pickle.HIGHEST_PROTOCOL)
        self.pipe.flush()

    def waiting(self) -> int:
        """Batches sent that the writer has not taken yet, with what it answered so far
        read (where there are no spool files, always 0)."""
        if not self.spools:
            return 0
        self._read_answers(wait=False)
        return self.sent - self.taken

    def send(self, batch: Any) -> None:
        if not self.spools:
            self.say("batch", batch)
            return
        # The file of the batch sent SPOOLS batches ago is free once that one is taken.
        while self.sent - self.taken >= len(self.spools):
            self._read_answers(wait=True)
        data = _pickled(batch)
        index = self.sent % len(self.spools)
        try:
            _write_all(self.spools[index], data)
        except OSError:
            # No room for the spool files (a full /tmp): the rest goes through the pipe,
            # slower but whole. The writer takes the batches in the order they are said.
            self.spools = ()
            self.say("batch", batch)
            return
        self.say(SPOOLED, (index, len(data)))
        self.sent += 1

    def _read_answers(self, *, wait: bool) -> None:
        if wait:
            started = time.perf_counter()
            select.select([self.answers], [], [])
            self.waited += time.perf_counter() - started
        try:
            got = os.read(self.answers, 4096)
        except BlockingIOError:
            return
        if not got:
            raise BrokenPipeError("the importing process is gone")
        data = self._partial + got
        whole = len(data) - len(data) % _ANSWER.size
        for writing, preparing, lines in _ANSWER.iter_unpack(data[:whole]):
            self.taken += 1
            if writing >= 0:  # the answer for batch N tells of batch N - 1
                self.finished = (self.taken - 2, writing, preparing)
            if lines >= 0:
                self.lines = lines
        self._partial = data[whole:]


def _pickled(batch: Any) -> bytes:
    """``batch`` pickled without the memo of objects already written: a batch is a tree
    of a hundred thousand tuples and strings, none shared that matters, and keeping the
    memo took three quarters of the time (36 against 9.5 ms for 100,000 rows). A
    structure that holds itself is refused, as pickle's fast mode refuses it."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    with suppress(AttributeError):  # a Python without the (deprecated) fast mode
        pickler.fast = True
    pickler.dump(batch)
    return out.getvalue()


#: An answer: seconds the writer spent writing its last batch (preparing what was
#: left in it not counted), and preparing that (-1, -1 before the first); and the
#: export's lines (-1 when the writer does not know them).
_ANSWER = struct.Struct("<ddq")


class Receiver:
    """The writer's side: turns what the child says into its batches, and answers."""

    def __init__(
        self, spools: tuple[IO[bytes], ...], answers: IO[bytes], lines: int | None = None
    ):
        self.spools, self.answers = spools, answers
        self._finished = (-1.0, -1.0)
        self._lines = -1 if lines is None else lines

    def batch(self, kind: str, value: Any) -> tuple[str, Any]:
        """``(kind, value)`` as the child meant it: a spooled batch read back (and
        answered for), anything else as it came."""
        if kind != SPOOLED:
            return kind, value
        index, size = value
        batch = pickle.loads(_read_all(self.spools[index].fileno(), size))
        # A child that is gone is told nothing: what it said last tells why.
        with suppress(BrokenPipeError):
            os.write(self.answers.fileno(), _ANSWER.pack(*self._finished, self._lines))
        return "batch", batch

    def written(self, writing: float, preparing: float) -> None:
        """The last batch taken is written: seconds in all, and of them preparing."""
        self._finished = (max(0.0, writing - preparing), preparing)
