"""A local stand-in for Brevo's transactional SMS API that holds each request to what Brevo's
documentation asks (guestbook/delivery/sms_brevo.py cites the pages) and answers the way Brevo
does: 201 with a messageId, 400 with a code and a message, 401 for an unknown key."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY = "xkeysib-test-0123456789"
PATH = "/v3/transactionalSMS/send"
FIELDS = {
    "sender",
    "recipient",
    "content",
    "type",
    "tag",
    "webUrl",
    "unicodeEnabled",
    "organisationPrefix",
}
SENDER = re.compile(r"[A-Za-z0-9]{1,11}|[0-9]{1,15}")
RECIPIENT = re.compile(r"[1-9][0-9]{5,14}")  # country code and number, digits only


@dataclass
class Brevo:
    """What the stand-in received, and what it is told to answer instead (`answer`) or how long
    to wait before answering (`delay`)."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    answer: tuple[int, dict[str, Any]] | None = None
    delay: float = 0.0
    next_id: int = 1511882900176220

    def check(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[int, dict[str, Any]]:
        if method != "POST" or path != PATH:
            return 404, {"code": "not_found", "message": f"{method} {path} not found"}
        if headers.get("api-key") != KEY:
            return 401, {"code": "unauthorized", "message": "Key not found"}
        if (
            headers.get("content-type") != "application/json"
            or headers.get("accept") != "application/json"
        ):
            return 400, {
                "code": "invalid_parameter",
                "message": "content-type and accept must be JSON",
            }
        payload = json.loads(body.decode("utf-8"))
        self.requests.append(payload)
        problem = _problem(payload)
        if problem:
            return 400, {"code": "invalid_parameter", "message": problem}
        if self.answer:
            return self.answer
        self.next_id += 1
        return 201, {"messageId": self.next_id}


def _problem(payload: dict[str, Any]) -> str:
    unknown = set(payload) - FIELDS
    if unknown:
        return f"unknown fields {sorted(unknown)}"
    for name in ("sender", "recipient", "content"):
        if not isinstance(payload.get(name), str) or not payload[name]:
            return f"{name} is missing"
    if not SENDER.fullmatch(payload["sender"]):
        return "sender is invalid"
    if not RECIPIENT.fullmatch(payload["recipient"]):
        return "recipient is invalid"
    if payload.get("type", "transactional") not in ("transactional", "marketing"):
        return "type is invalid"
    if not isinstance(payload.get("unicodeEnabled", False), bool):
        return "unicodeEnabled must be a boolean"
    if not isinstance(payload.get("tag", ""), str):
        return "tag must be a string"
    return ""


@contextmanager
def brevo_server() -> Iterator[tuple[Brevo, str]]:
    """The stand-in on 127.0.0.1; yields it and the base URL to give SmsSettings."""
    brevo = Brevo()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self._answer()

        def do_GET(self) -> None:
            self._answer()

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            time.sleep(brevo.delay)
            status, answer = brevo.check(self.command, self.path, self.headers, body)
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except ConnectionError:
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet tests

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield brevo, f"http://127.0.0.1:{server.server_address[1]}/v3"
    finally:
        server.shutdown()
        server.server_close()
