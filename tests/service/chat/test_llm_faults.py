"""A real OpenAI client against a misbehaving endpoint: the extractive answer arrives in time.

test_chat_api covers a model object that raises and one that invents numbers; these start a
local socket server that accepts and then never answers, or answers with garbage, and drive the
real ``ChatOpenAI`` built by ``chat_model_from_settings`` through the HTTP API.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.chat.llm import LLMAnswerer, chat_model_from_settings
from service.config import Settings
from tests.conftest import OFFICE_HOURS

# The client's timeout; the answer must arrive well within TIMEOUT + SLACK.
TIMEOUT = 1.0
SLACK = 4.0
# A body that is not JSON (nor UTF-8), and a well-formed completion whose text is nonsense.
GARBAGE_BODY = b'{"choices": [{]}} not json \xff\xfe'
NONSENSE_BODY = json.dumps(
    {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Zxq blorp 4242 wibble [9]. Frob."},
                "finish_reason": "stop",
            }
        ],
    }
).encode()


def _http_200(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


def _silent(conn: socket.socket) -> None:
    """Read the request and never answer (the connection is closed when the server stops)."""
    conn.recv(65536)


def _garbage(conn: socket.socket) -> None:
    conn.recv(65536)
    conn.sendall(_http_200(GARBAGE_BODY))
    conn.close()


def _nonsense(conn: socket.socket) -> None:
    conn.recv(65536)
    conn.sendall(_http_200(NONSENSE_BODY))
    conn.close()


@pytest.fixture()
def endpoint(request: pytest.FixtureRequest) -> Iterator[str]:
    behave: Callable[[socket.socket], None] = request.param
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            held.append(conn)
            behave(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        server.close()


def _client(settings: Settings, base_url: str) -> TestClient:
    model = chat_model_from_settings(
        base_url=base_url, api_key="test", model="m", timeout=TIMEOUT, temperature=0.0
    )
    return TestClient(create_app(settings, llm=LLMAnswerer(model, partnership="Test")))


@pytest.mark.parametrize(
    ("endpoint", "answerer"),
    [
        (_silent, "extractive-fallback"),
        (_garbage, "extractive-fallback"),
        (_nonsense, "extractive"),  # answered, but no sentence survived checking
    ],
    indirect=["endpoint"],
    ids=["silent", "garbage", "nonsense"],
)
def test_misbehaving_llm_endpoint_falls_back_to_the_extractive_answer_in_time(
    bundled_settings: Settings, endpoint: str, answerer: str
) -> None:
    with _client(bundled_settings, endpoint) as client:
        client.app.state.services.chat.clock = lambda: OFFICE_HOURS  # type: ignore[attr-defined]
        started = time.monotonic()
        response = client.post("/api/chat", json={"question": "What is private fostering?"})
        elapsed = time.monotonic() - started
        with client.stream(
            "POST", "/api/chat/stream", json={"question": "What is the LADO?"}
        ) as stream:
            streamed = "".join(stream.iter_text())
    assert response.status_code == 200
    assert response.headers["X-Safeguide-Answerer"] == answerer
    body = response.json()
    assert body["grounded"] and body["citations"] and "fostering" in body["answer"]
    assert elapsed < TIMEOUT + SLACK, f"fallback took {elapsed:.1f} s"
    assert "event: done" in streamed and f'"answerer":"{answerer}"' in streamed.replace(" ", "")
