"""The one adapter that talks to a model server: plain HTTP over the standard library, JSON in, replies out.

Every call returns an ``HttpReply``; nothing raises for a server that is down, slow or answers garbage, so the
checks stay pure functions over replies.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HttpReply", "ServerClient", "NO_ANSWER"]

NO_ANSWER = 0  # HttpReply.status when nothing answered
_MAX_BODY = 4_000_000


@dataclass(frozen=True, slots=True)
class HttpReply:
    status: int  # NO_ANSWER when the connection failed or timed out
    body: str
    error: str = ""  # why nothing answered
    events: tuple[str, ...] = ()  # server-sent event types of a streaming reply, in order

    @property
    def answered(self) -> bool:
        return self.status != NO_ANSWER

    def json(self) -> object | None:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class ServerClient:
    """Requests to one server root, with the headers Claude Code would send."""

    base_url: str
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 30.0

    def get(self, path: str) -> HttpReply:
        return self._request("GET", path, None, stream=False)

    def post(self, path: str, payload: object, stream: bool = False) -> HttpReply:
        return self._request("POST", path, json.dumps(payload).encode("utf-8"), stream=stream)

    def _request(self, method: str, path: str, body: bytes | None, stream: bool) -> HttpReply:
        parts = urlsplit(self.base_url)
        connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        headers = {"content-type": "application/json", **dict(self.headers)}
        try:
            connection = connection_type(parts.hostname or "", parts.port, timeout=self.timeout)
        except (ValueError, http.client.InvalidURL) as error:
            return HttpReply(NO_ANSWER, "", f"bad URL: {error}")
        try:
            connection.request(method, parts.path.rstrip("/") + path, body=body, headers=headers)
            response = connection.getresponse()
            if stream and response.status == 200:
                return _read_events(response)
            return HttpReply(response.status, response.read(_MAX_BODY).decode("utf-8", "replace"))
        except (OSError, socket.timeout, http.client.HTTPException) as error:
            return HttpReply(NO_ANSWER, "", _describe(error))
        finally:
            connection.close()


def _read_events(response: http.client.HTTPResponse) -> HttpReply:
    events, lines = [], []
    for raw in response:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        lines.append(line)
        if line.startswith("event:"):
            events.append(line.removeprefix("event:").strip())
    return HttpReply(response.status, "\n".join(lines), events=tuple(events))


def _describe(error: Exception) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(error) or type(error).__name__
