"""A local fake of Twilio's Messages API, for the tests.

It listens on 127.0.0.1 (a random free port, in a thread), answers
``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` like Twilio: basic
authentication ``AccountSid:AuthToken`` checked (401 with Twilio's error 20003
otherwise), form fields ``To``, ``From`` and ``Body`` required (400 with error
21604/21603), 201 with the message's JSON (``sid``, ``status`` "queued"...).
It records the messages it accepted, and every request it received.

It can be told to fail the next requests: ``fail_next(status, code, message)``
answers that HTTP status and Twilio error code (e.g. 500, or 400 with 21211
"invalid To number") for the next ``count`` requests.
"""

import base64
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9A-Za-z]{32})/Messages\.json$")


class FakeTwilio:
    def __init__(self, account_sid, auth_token):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages = []  # accepted messages (dicts of the form fields + sid)
        self.requests = []  # every request: (path, form fields, status answered)
        self._failures = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    # -- control ---------------------------------------------------------

    def start(self):
        fake = self

        class Handler(_Handler):
            twilio = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-twilio", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, status=500, code=None, message="Internal Server Error", count=1):
        """Answer the next ``count`` requests with this error."""
        with self._lock:
            self._failures.extend([(status, code, message)] * count)

    def reset(self):
        with self._lock:
            self.messages.clear()
            self.requests.clear()
            self._failures.clear()

    # -- request handling -------------------------------------------------

    def _handle(self, path, headers, body):
        """Return (status, json payload) for one request."""
        form = {key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
        match = MESSAGES_PATH.match(path)
        if not match:
            return self._record(path, form, 404, _error(20404, "The requested resource was not found", 404))
        if not self._authorized(headers.get("Authorization", ""), match["sid"]):
            return self._record(path, form, 401, _error(20003, "Authenticate", 401))
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure:
            status, code, message = failure
            return self._record(path, form, status, _error(code, message, status))
        if not form.get("To"):
            return self._record(path, form, 400, _error(21604, "A 'To' phone number is required.", 400))
        if not form.get("From"):
            return self._record(path, form, 400, _error(21603, "A 'From' phone number is required.", 400))
        sid = "SM" + uuid.uuid4().hex
        message = dict(form, sid=sid)
        with self._lock:
            self.messages.append(message)
        payload = {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form["From"],
            "to": form["To"],
            "num_segments": "1",
            "sid": sid,
            "status": "queued",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        return self._record(path, form, 201, payload)

    def _authorized(self, header, path_sid):
        if not header.startswith("Basic "):
            return False
        try:
            user, __, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.account_sid == path_sid and password == self.auth_token

    def _record(self, path, form, status, payload):
        with self._lock:
            self.requests.append((path, form, status))
        return status, payload


def _error(code, message, status):
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class _Handler(BaseHTTPRequestHandler):
    twilio = None

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, payload = self.twilio._handle(self.path, self.headers, body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the tests' output quiet
        pass
