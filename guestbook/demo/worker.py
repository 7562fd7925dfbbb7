"""Demo data, chunk by chunk: here, or in a worker process while the caller writes.

From 40,000 guests (demo.generate decides) a plain `python -c` child generates chunk k+1
while the parent writes chunk k; both run `chunks`, so the data is the same either way."""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Generator
from typing import IO, Any

from guestbook.demo.rows import ChunkRows, RowWriter
from guestbook.demo.story import History, Plan
from guestbook.i18n import set_language


def chunks(plan: Plan) -> Generator[ChunkRows]:
    """The plan's chunks, one after the other: each one's story told, then turned to rows."""
    history = History(plan)
    for index, size in enumerate(plan.chunk_sizes):
        with gc_paused():
            # 29 February is rare (0.1 %): make sure a demo of a useful size shows one.
            chunk = history.chunk(size, force_feb29=index == 0 and plan.guests >= 200)
            rows = RowWriter(chunk).rows()
            chunk.release()
        yield rows


@contextlib.contextmanager
def gc_paused() -> Generator[None]:
    """A chunk allocates millions of objects that all live until it is done: the cyclic GC
    would rescan them again and again for nothing (it doubles the generation time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The worker is a plain `python -c` child, not multiprocessing: no re-import of the caller's
# __main__ (spawn) and no fork of a threaded caller (the TUI). It reads a pickled Plan on
# stdin and writes framed messages on stdout: ("rows", guests, tables, partner_links) per
# chunk, then ("done",) or ("failed", why). marshal, not pickle: twice as fast both ways on
# these plain tuples, and this process's unmarshalling is on the critical path.
_WORKER_CODE = "from guestbook.demo.worker import serve_chunks; serve_chunks()"
_FRAME_HEADER = 8  # bytes of payload length, little-endian


def serve_chunks() -> None:
    """The worker process's main function."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, not into the stream
    plan = pickle.load(sys.stdin.buffer)
    set_language(plan.language)  # speak as the parent does: the same words, the same rows
    gc.disable()  # nothing here needs the cyclic GC: chunks break their own cycles
    # A sender thread writes chunk k while chunk k+1 is generated: the pipe holds 64 KiB, a
    # chunk ~15 MB, and the parent reads it only once it has written the previous one.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    sender = threading.Thread(target=_send, args=(outbox, out), daemon=True)
    sender.start()
    try:
        for rows in chunks(plan):
            _post(outbox, sender, ("rows", rows.guests, rows.tables, rows.partner_links))
        _post(outbox, sender, ("done",))
    except BaseException as error:  # reported to the parent, which raises it
        _post(outbox, sender, ("failed", f"{type(error).__name__}: {error}"))
    finally:
        outbox.put(None)
        sender.join()


def _post(
    outbox: queue.Queue[bytes | None], sender: threading.Thread, message: tuple[Any, ...]
) -> None:
    payload = marshal.dumps(message)
    while True:
        try:
            outbox.put(payload, timeout=1.0)
            return
        except queue.Full:
            if not sender.is_alive():  # the parent stopped reading: nobody wants the rest
                raise SystemExit(1) from None


def _send(outbox: queue.Queue[bytes | None], out: IO[bytes]) -> None:
    with out:
        while (payload := outbox.get()) is not None:
            out.write(len(payload).to_bytes(_FRAME_HEADER, "little"))
            out.write(payload)
            out.flush()


def _receive(stream: IO[bytes]) -> Any:  # marshal gives plain tuples back
    header = stream.read(_FRAME_HEADER)
    size = int.from_bytes(header, "little")
    payload = stream.read(size) if len(header) == _FRAME_HEADER else b""
    if len(payload) < size or len(header) < _FRAME_HEADER:
        raise RuntimeError("the demo worker process stopped unexpectedly")
    return marshal.loads(payload)


def chunks_in_worker(plan: Plan) -> Generator[ChunkRows]:
    """The same chunks as `chunks`, generated in a child process while this one writes."""
    # The child imports guestbook exactly as we did, whether installed or from a checkout.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    worker = subprocess.Popen(
        [sys.executable, "-c", _WORKER_CODE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        pickle.dump(plan, worker.stdin)
        worker.stdin.close()
        while True:
            message = _receive(worker.stdout)
            if message[0] == "done":
                return
            if message[0] == "failed":
                raise RuntimeError(f"demo generation failed: {message[1]}")
            yield ChunkRows(*message[1:])
    finally:
        if worker.poll() is None:  # we stopped early (an error, a cancel): stop it too
            worker.kill()
        worker.wait()
        worker.stdout.close()
