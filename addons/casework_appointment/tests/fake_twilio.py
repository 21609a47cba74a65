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

``GET /2010-04-01/Accounts/{AccountSid}/Messages.json`` lists the accepted
messages like Twilio (newest first, ``{"messages": [...]}``), filtered by
``To``, ``From`` and ``DateSent>`` (on or after that day, ``YYYY-MM-DD``).

A lost answer: ``lose_next_answer(accepted=True)`` makes the next send time
out on the client's side (``requests.exceptions.ReadTimeout``) after Twilio
accepted the message (``accepted=True``) or before it reached Twilio; the
tests' HTTP boundary asks :meth:`FakeTwilio.lost_answer` whether to do so.
"""

import base64
import json
import re
import threading
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9A-Za-z]{32})/Messages\.json$")


class FakeTwilio:
    def __init__(self, account_sid, auth_token):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages = []  # accepted messages (dicts of the form fields + sid)
        self.requests = []  # every request: (path, form fields, status answered)
        self._failures = []
        self._lost_answers = []  # True: accepted then lost, False: lost before reaching Twilio
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

    def lose_next_answer(self, accepted=True, count=1):
        """The next ``count`` sends time out on the client's side: after
        Twilio accepted the message (``accepted``) or before it reached it."""
        with self._lock:
            self._lost_answers.extend([accepted] * count)

    def lost_answer(self, method):
        """For the tests' HTTP boundary: None when the next ``method``
        request is answered normally, else whether Twilio accepts it before
        the answer is lost."""
        if method != "POST":
            return None
        with self._lock:
            return self._lost_answers.pop(0) if self._lost_answers else None

    def reset(self):
        with self._lock:
            self.messages.clear()
            self.requests.clear()
            self._failures.clear()
            self._lost_answers.clear()

    # -- request handling -------------------------------------------------

    def _handle_list(self, target, headers):
        """Return (status, json payload) for a GET of the messages' list."""
        url = urlsplit(target)
        query = {key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        match = MESSAGES_PATH.match(url.path)
        if not match:
            return self._record(url.path, query, 404, _error(20404, "The requested resource was not found", 404))
        if not self._authorized(headers.get("Authorization", ""), match["sid"]):
            return self._record(url.path, query, 401, _error(20003, "Authenticate", 401))
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
            messages = list(self.messages)
        if failure:
            status, code, message = failure
            return self._record(url.path, query, status, _error(code, message, status))
        found = [
            self._payload(message) for message in reversed(messages)
            if message["To"] == query.get("To", message["To"])
            and message["From"] == query.get("From", message["From"])
            and message["date_sent"][:10] >= query.get("DateSent>", "")
        ]
        payload = {"messages": found, "page": 0, "page_size": int(query.get("PageSize", 50)),
                   "next_page_uri": None, "uri": target}
        return self._record(url.path, query, 200, payload)

    def _payload(self, message):
        """A message as Twilio's API shows it."""
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": message["Body"],
            "date_sent": format_datetime(datetime.fromisoformat(message["date_sent"]).replace(tzinfo=timezone.utc)),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": message["From"],
            "to": message["To"],
            "num_segments": "1",
            "sid": message["sid"],
            "status": message["status"],
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message['sid']}.json",
        }

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
        # the tests' clock (freezegun) decides the day the message is sent
        sent = datetime.now(timezone.utc).replace(tzinfo=None).isoformat()
        message = dict(form, sid=sid, status="queued", date_sent=sent)
        with self._lock:
            self.messages.append(message)
        return self._record(path, form, 201, self._payload(message))

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

    def do_GET(self):
        status, payload = self.twilio._handle_list(self.path, self.headers)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the tests' output quiet
        pass


TWILIO_API_URL = "https://api.twilio.com/"


def use_fake_twilio(env, account_sid, auth_token, from_number):
    """Start a :class:`FakeTwilio` and make ``env``'s company send its SMS
    through Twilio with these credentials and sender number; the test
    class's ``_request_handler`` routes the requests with
    :func:`to_fake_twilio`. Return the running fake (stop it when done)."""
    twilio = FakeTwilio(account_sid, auth_token).start()
    company = env.company
    company.write({
        "sms_provider": "twilio",
        "sms_twilio_account_sid": account_sid,
        "sms_twilio_auth_token": auth_token,
    })
    env["sms.twilio.number"].create({
        "company_id": company.id, "number": from_number, "country_id": env.ref("base.fr").id,
    })
    return twilio


def to_fake_twilio(twilio, request):
    """``request`` to Twilio's API sent to the fake instead (same path,
    credentials and body), or ``None`` for any other address."""
    if not request.url.startswith(TWILIO_API_URL):
        return None
    request = request.copy()
    request.url = f"{twilio.url}/{request.url[len(TWILIO_API_URL):]}"
    return request
