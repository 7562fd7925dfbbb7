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
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from typing import IO, Any

from guestbook.demo.rows import ChunkRows, RowWriter
from guestbook.demo.sites import SitePlacer
from guestbook.demo.story import History, Plan
from guestbook.i18n import set_language


def chunks(plan: Plan) -> Generator[ChunkRows]:
    """The plan's chunks, one after the other: each one's story told, then turned to rows."""
    history = History(plan)
    placer = SitePlacer(plan.sites, plan.seed) if plan.sites else None
    for index, size in enumerate(plan.chunk_sizes):
        with gc_paused():
            # 29 February is rare (0.1 %): make sure a demo of a useful size shows one.
            chunk = history.chunk(size, force_feb29=index == 0 and plan.guests >= 200)
            if placer is not None:
                placer.place(chunk)
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
_WORKER_CODE = "from guestbook.demo.worker import serve_chunks; serve_chunks({parent})"
_FRAME_HEADER = 8  # bytes of payload length, little-endian
_WATCH_SECONDS = 0.2  # how often the worker checks that its parent still lives


class _NobodyReads(Exception):
    """The parent stopped reading (it ended, failed or was killed): the rest is for nobody."""


def serve_chunks(parent: int) -> None:
    """The worker process's main function; `parent` is the process that reads the chunks."""
    _end_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's: it stops us
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, not into the stream
    try:
        plan = pickle.load(sys.stdin.buffer)
    except (EOFError, pickle.UnpicklingError):  # the parent ended before it said what to make
        raise SystemExit(1) from None
    set_language(plan.language)  # speak as the parent does: the same words, the same rows
    gc.disable()  # nothing here needs the cyclic GC: chunks break their own cycles
    # A sender thread writes chunk k while chunk k+1 is generated: the pipe holds 64 KiB, a
    # chunk ~15 MB, and the parent reads it only once it has written the previous one.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    sender = threading.Thread(target=_send, args=(outbox, out), daemon=True)
    sender.start()
    try:
        try:
            for rows in chunks(plan):
                _post(outbox, sender, ("rows", rows.guests, rows.tables, rows.partner_links))
            _post(outbox, sender, ("done",))
        except _NobodyReads:
            raise
        except Exception as error:  # reported to the parent, which raises it
            _post(outbox, sender, ("failed", f"{type(error).__name__}: {error}"))
        _put(outbox, sender, None)
        sender.join()
    except _NobodyReads:
        raise SystemExit(1) from None  # quietly: the parent says what went wrong, if anyone


def _end_with(parent: int) -> None:
    """End this process as soon as `parent` ends, however it ends (a SIGKILL runs none of
    its code): an orphan would go on generating, holding hundreds of MB, for nobody."""

    def watch() -> None:
        while os.getppid() == parent:  # an orphan is adopted by another process
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _post(
    outbox: queue.Queue[bytes | None], sender: threading.Thread, message: tuple[Any, ...]
) -> None:
    _put(outbox, sender, marshal.dumps(message))


def _put(
    outbox: queue.Queue[bytes | None], sender: threading.Thread, payload: bytes | None
) -> None:
    """Queue `payload` for the sender; _NobodyReads once the sender has stopped, never a wait
    for ever on a queue nobody empties."""
    while sender.is_alive():
        try:
            outbox.put(payload, timeout=1.0)
            return
        except queue.Full:
            continue
    raise _NobodyReads


def _send(outbox: queue.Queue[bytes | None], out: IO[bytes]) -> None:
    try:
        while (payload := outbox.get()) is not None:
            out.write(len(payload).to_bytes(_FRAME_HEADER, "little"))
            out.write(payload)
            out.flush()
        out.close()
    except OSError:  # a broken pipe: the parent stopped reading; the main thread sees us end
        with contextlib.suppress(OSError):
            out.close()  # closed even though the flush fails: nothing more at exit


def _receive(stream: IO[bytes]) -> Any:  # marshal gives plain tuples back
    header = stream.read(_FRAME_HEADER)
    size = int.from_bytes(header, "little")
    payload = stream.read(size) if len(header) == _FRAME_HEADER else b""
    if len(payload) < size or len(header) < _FRAME_HEADER:
        raise RuntimeError("the demo worker process stopped unexpectedly")
    return marshal.loads(payload)


def chunks_in_worker(plan: Plan) -> Generator[ChunkRows]:
    """The same chunks as `chunks`, generated in a child process while this one writes.

    The child ends when this process does, even killed; and while it runs, a SIGTERM to
    this process (from the main thread) ends it through its `finally` blocks: the child is
    stopped, the transaction rolled back, the exit status 143, and no traceback."""
    # The child imports guestbook exactly as we did, whether installed or from a checkout.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    with _terminated_cleanly():
        worker = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE.format(parent=os.getpid())],
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


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) meanwhile, so that `finally` blocks run; only in the main
    thread (the only one Python delivers signals to) and if nobody else handles SIGTERM."""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
