"""Pagefind's service mode (`pagefind --service`): pages are handed over as they are written.

The CLI can only start once the whole site is on disk; the service parses each page as
soon as it is added, in its own process, while MkDocs goes on rendering the next ones,
so at the end of the build only writing the index is left.

The protocol is the one the `pagefind` wheel's own Python API speaks: each message is
base64 of a JSON object followed by a comma, on the binary's stdin and stdout. The
wheel's client is not used because it reads one answer per tenth of a second, five
minutes for 3,000 pages; this one reads answers as they come, on a thread of its own,
and waits for them only when the index is written. Messages are written on a thread of
their own too: when Pagefind falls behind, its input pipe fills, and the build would
otherwise wait for it page by page instead of rendering the next ones.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any


class ServiceError(Exception):
    """The service answered a request with an error, or stopped."""


class PagefindService:
    """One Pagefind index built through a running `pagefind --service`."""

    def __init__(self, executable: Path, exclude_selectors: tuple[str, ...]) -> None:
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._closed = False
        self._sent = 0
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._send_error: OSError | None = None
        self._reader = threading.Thread(target=self._read, name="pagefind-service", daemon=True)
        self._reader.start()
        self._writer = threading.Thread(target=self._write, name="pagefind-input", daemon=True)
        self._writer.start()
        answer = self._request({"type": "NewIndex", "config": {"exclude_selectors": list(exclude_selectors)}})
        self._index = int(answer["index_id"])
        self._added: list[int] = []

    def add(self, url: str, html: str) -> None:
        """Hand one page over; its answer is collected when the index is written."""
        self._added.append(self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html}))

    def files(self) -> dict[str, bytes]:
        """The index's files, by their path in the bundle. Raises ServiceError naming the
        first page the service could not take.

        The files are asked for (`GetFiles`) rather than written by the service
        (`WriteFiles`): Pagefind 1.5 writes them through async files it never flushes, so
        it can answer before the last write is on disk; a build once read its entry file
        empty, and every page's search failed to load."""
        for message in self._added:
            answer = self._wait(message)
            if answer.get("type") == "Error":
                raise ServiceError(f"a page was not indexed: {answer.get('message')}")
        answer = self._request({"type": "GetFiles", "index_id": self._index})
        return {file["path"]: base64.b64decode(file["content"]) for file in answer["files"]}

    def close(self) -> None:
        """End the service: it exits once its input is closed."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._outbox.put(None)
        self._writer.join()
        with contextlib.suppress(OSError):  # it may have stopped already
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()
        self._process.stdout.close()

    def _send(self, payload: dict[str, Any]) -> int:
        if self._send_error is not None:
            raise ServiceError(f"Pagefind stopped: {self._send_error}")
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return self._sent

    def _write(self) -> None:
        """Write each message, in order, as the service takes them (None ends the input)."""
        assert self._process.stdin is not None
        for message in iter(self._outbox.get, None):
            if self._send_error is not None:
                continue  # the service stopped: its answers never come, and `_wait` says so
            try:
                self._process.stdin.write(message)
                self._process.stdin.flush()
            except OSError as error:
                self._send_error = error

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self._wait(self._send(payload))
        if answer.get("type") == "Error":
            raise ServiceError(str(answer.get("message")))
        return answer

    def _wait(self, message: int) -> dict[str, Any]:
        with self._arrived:
            self._arrived.wait_for(lambda: message in self._answers or self._closed)
            if message not in self._answers:
                raise ServiceError("Pagefind stopped before it answered")
            return self._answers.pop(message)

    def _read(self) -> None:
        """Collect every answer, as it comes, by the number of the message it answers. An
        answer without a number (the service could not read a message) ends the service.

        The start of an unfinished answer is kept as a list of chunks, joined once its end
        comes: the index's files come as one answer of megabytes."""
        assert self._process.stdout is not None
        stdout = self._process.stdout.fileno()
        pending: list[bytes] = []
        try:
            for chunk in iter(lambda: os.read(stdout, 1 << 16), b""):
                *ends, rest = chunk.split(b",")
                if not ends:
                    pending.append(rest)
                    continue
                complete = [b"".join([*pending, ends[0]]), *ends[1:]]
                pending = [rest]
                with self._arrived:
                    for encoded in complete:
                        answer = json.loads(base64.b64decode(encoded))
                        if answer.get("message_id") is None:
                            return
                        self._answers[int(answer["message_id"])] = answer["payload"]
                    self._arrived.notify_all()
        finally:
            with self._arrived:
                self._closed = True
                self._arrived.notify_all()
