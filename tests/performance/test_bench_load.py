"""The benchmark's load generator (bench/run.py with wrk and bench/wrk.lua), against a small local server: what it
counts as a request, a latency and a failure."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.run import Load, wrk


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.headers.get("Cookie") != "sessionid=abc":
            self.send_response(403)
        elif self.path == "/page":
            self.send_response(200)
        else:
            self.send_response(302)  # what the application answers a user without a session
            self.send_header("Location", "/accounts/login/")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections when its time is up, whatever they were doing


@pytest.fixture(scope="module")
def port():
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_wrk_counts_the_requests_and_their_latency(port):
    load = wrk(port, "/page", "sessionid=abc", connections=2, seconds=1)
    assert load.count > 10 and load.errors == 0
    assert 0 < load.p50 <= load.p95 < 1000  # milliseconds


@pytest.mark.parametrize(("url", "cookie"), [("/elsewhere", "sessionid=abc"), ("/page", "sessionid=expired")])
def test_every_status_but_200_is_a_failure(port, url, cookie):
    load = wrk(port, url, cookie, connections=1, seconds=1)
    assert load.count > 0 and load.errors == load.count


def test_the_last_line_of_the_script_is_read():
    assert Load.parse("Running 1s test\nLEVIER 120 2500 9100 3\n") == Load(120, 2.5, 9.1, 3)
