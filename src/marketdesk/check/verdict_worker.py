"""The verdicts of a long text's claims in a second process, while this one reads on.

Reading a text is sequential (a sentence's subject and period lean on the sentences before), but
each sentence's claims are judged on their own. So for a long text (:data:`SPLIT_FROM`
characters or more, on a machine with two cores or more) :func:`marketdesk.check.check` hands
each sentence's claims to a worker process as it reads them; the worker judges them with the same
code (:func:`judge_sentence`) against a copy of the store's bars, and sends the verdicts back
in order. The verdicts are the ones one process gives (the tests compare the two). If the worker
cannot start or fails, the caller judges what is left itself.

The worker is ``python -m marketdesk.check.verdict_worker``, spoken to over its standard input and
output in length-prefixed pickles between two processes of the same installation -- not
``multiprocessing``, which starts a child by importing the caller's main module (a user's script
without a ``__main__`` guard would run again in it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .. import calendar as cal
from ..errors import SymbolError
from ..facts.model import Fact, Metric
from .adjudicate import adjudicate
from .model import Claim, Status, Verdict
from .session import SessionFrame
from .verify import Verifier

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SPLIT_FROM", "VerdictWorker", "judge_sentence", "pin_sessions"]

#: Texts at least this long (characters) are judged in a second process while they are read
#: (below it, starting one costs more than it saves: about a second of imports).
SPLIT_FROM = 150_000

#: How far back a stated close may pin its sentence's session (sessions before the frame's).
PIN_BACK = 5

_LEN = struct.Struct("<Q")
#: Sentences sent, and judged, together: fewer and larger messages.
_BATCH = 32
#: Seconds without a message from the worker after which it is given up for hung.
_PATIENCE = 120.0


def pin_sessions(claims: list[Claim], verifier: Verifier) -> list[Claim]:
    """A close stated to the cent fixes the session of its sentence: "slipped 0.2% to close at
    4,701.46" in a Friday story about Wednesday. When a close of the sentence whose claims are
    ``claims`` (with cents, no period of its own) matches the close of one of the
    :data:`PIN_BACK` sessions before the frame's and not the frame's own, the sentence's claims
    without a stated period are read on that session. The data choose among sessions the story
    allows; they never move a stated period."""
    pinned: dt.date | None = None
    for c in claims:
        if c.metric is not Metric.CLOSE or c.decimals != 2 or c.period.kind != "none" or \
                c.subject is None:
            continue
        day = c.period.end
        for _ in range(PIN_BACK + 1):
            v = verifier.verify(dataclasses.replace(c, period=dataclasses.replace(c.period,
                                                                                  end=day)))
            if v.status == "supported":
                if day != c.period.end:
                    pinned = day
                break
            day = cal.previous_session(day)
        if pinned is not None:
            break
    if pinned is None:
        return claims
    return [dataclasses.replace(c, period=dataclasses.replace(
        c.period, end=pinned, text=f"the session of its stated close ({pinned})"))
        if c.period.kind == "none" else c for c in claims]


def judge_sentence(claims: list[Claim], frame: SessionFrame, verifier: Verifier) -> list[Verdict]:
    """The verdicts of one sentence's claims (its session pinned by a stated close first)."""
    return [adjudicate(c, frame, verifier) for c in pin_sessions(claims, verifier)]


class _Snapshot:
    """The bars of every stored symbol, as a ``Desk`` gives them (a symbol it does not hold
    raises, as the store does)."""

    def __init__(self, bars: dict[str, "pl.DataFrame"]) -> None:
        self._bars = bars

    def bars(self, symbol: str) -> "pl.DataFrame":
        from ..desk import resolve

        got = self._bars.get(resolve(symbol))
        if got is None:
            raise SymbolError(f"{symbol!r} is not in the store.")
        return got


def _send(out: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LEN.pack(len(data)))
    out.write(data)
    out.flush()


def _receive(inp: IO[bytes]) -> bytes | None:
    head = inp.read(_LEN.size)
    if len(head) < _LEN.size:
        return None
    (n,) = _LEN.unpack(head)
    data = inp.read(n)
    return data if len(data) == n else None


class VerdictWorker:
    """A worker process judging sentences' claims in the order they are submitted."""

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parents[2])   # this installation's marketdesk
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
        self._proc = subprocess.Popen([sys.executable, "-m", "marketdesk.check.verdict_worker"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, env=env)
        self._got: queue.Queue[bytes | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._sent = 0
        self._failed = False
        self._pending: list[list[Claim]] = []

    @classmethod
    def start(cls) -> "VerdictWorker | None":
        """A worker, or None if this machine has one core or a process cannot be started."""
        if (os.cpu_count() or 1) < 2:
            return None
        try:
            return cls()
        except OSError:
            return None

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while (data := _receive(self._proc.stdout)) is not None:
            self._got.put(data)
        self._got.put(None)

    def _put(self, obj: object) -> None:
        if self._failed:
            return
        try:
            assert self._proc.stdin is not None
            _send(self._proc.stdin, obj)
        except (OSError, ValueError):
            self._failed = True

    def setup(self, frame: SessionFrame, bars: dict[str, "pl.DataFrame"]) -> None:
        """The article's frame and the store's bars (``{symbol: bars}``), before any claims."""
        self._put((frame, bars))

    def submit(self, claims: list[Claim]) -> None:
        """One sentence's claims (their verdicts come back in submission order)."""
        self._pending.append(claims)
        self._sent += 1
        if len(self._pending) >= _BATCH:
            self._put(self._pending)
            self._pending = []

    def verdicts(self, sentences: list[list[Claim]]) -> list[list[Verdict]] | None:
        """The verdicts of every submitted sentence (``sentences``: their claims, in the order
        submitted); None if the worker failed."""
        if self._pending:
            self._put(self._pending)
        self._put(None)                 # the end
        judged: list[list[_Row]] = []
        while not self._failed and len(judged) < self._sent:
            try:
                data = self._got.get(timeout=_PATIENCE)
            except queue.Empty:
                data = None             # hung: judged here instead
            if data is None:
                self._failed = True
            else:
                judged.extend(pickle.loads(data))
        if self._failed:
            return None
        return [[_verdict(row, c) for row, c in zip(rows, claims)]
                for rows, claims in zip(judged, sentences)]

    def close(self) -> None:
        """End the worker (at once: whatever it is doing is no longer needed)."""
        self._proc.kill()
        self._proc.wait()
        self._reader.join()
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass




def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The worker's loop: read the frame and the bars, then sentences' claims until the end;
    send the verdicts when :data:`_BATCH` sentences are judged or nothing is waiting. The input
    is read in a thread, so the caller's writes never wait for the judging."""
    got: queue.Queue[bytes | None] = queue.Queue()

    def read() -> None:
        while (data := _receive(inp)) is not None:
            got.put(data)
        got.put(None)

    threading.Thread(target=read, daemon=True).start()
    if (first := got.get()) is None:
        return
    frame, bars = pickle.loads(first)
    verifier = Verifier(_Snapshot(bars))
    done: list[list[_Row]] = []
    while True:
        try:
            data = got.get_nowait()
        except queue.Empty:
            if done:
                _send(out, done)
                done = []
            data = got.get()
        batch = pickle.loads(data) if data is not None else None
        if batch is None:               # the end (or the input failed)
            if done:
                _send(out, done)
            return
        for claims in batch:
            done.append([_row(v, c) for v, c in zip(judge_sentence(claims, frame, verifier),
                                                    claims)])
        if len(done) >= _BATCH:
            _send(out, done)
            done = []


#: A verdict as sent back: its claim only if it is not the one sent (a pinned session), then
#: status, reason, computed, facts, source, within_source_precision.
_Row = tuple["Claim | None", Status, str, "float | None", "tuple[Fact, ...]", "str | None", bool]


def _row(v: Verdict, claim: Claim) -> _Row:
    return (None if v.claim is claim else v.claim, v.status, v.reason, v.computed, v.facts,
            v.source, v.within_source_precision)


def _verdict(row: _Row, claim: Claim) -> Verdict:
    got, status, reason, computed, facts, source, within = row
    return Verdict(got if got is not None else claim, status, reason, computed, facts, source,
                   within)


def main() -> None:
    """The worker process: the protocol on a copy of standard output, which itself goes to
    standard error (nothing printed by accident can break a message)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, out)
    out.close()


if __name__ == "__main__":
    main()
