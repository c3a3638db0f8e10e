#!/usr/bin/python3
"""Prints tests/data/flask-session-vectors.json: session cookies made and read by the real
Flask (2.2) and itsdangerous (2.1) from Debian's packages, for tests/unit/flask_session_test.cc.
Run once with Debian's python3 (python3-flask installed), from the repository's top:
    tests/data/flask-session-vectors.py > tests/data/flask-session-vectors.json"""
import datetime
import json
import sys
import uuid

import flask
import itsdangerous
from markupsafe import Markup

SECRET = "flaskblog-secret-\u043a\u043b\u044e\u0447"  # non-ASCII: itsdangerous signs with its UTF-8
SIGNED_AT = 1764340000
NOW = SIGNED_AT + 600
MAX_AGE = 31 * 24 * 3600  # Flask's PERMANENT_SESSION_LIFETIME default
CSRF = "5f0c7b1e3d2a4f6e8b9c0d1e2f3a4b5c6d7e8f90"
LOGIN_ID = "9a" * 64  # Flask-Login's _id: a SHA-512 hex digest

app = flask.Flask("vectors")
app.secret_key = SECRET
clock = {"now": NOW}
itsdangerous.TimestampSigner.get_timestamp = lambda self: clock["now"]


def cookie(session, at=SIGNED_AT, secret=SECRET):
    """The session as Flask's own session interface signs it at time `at` with `secret`."""
    clock["now"] = at
    app.secret_key = secret
    with app.app_context():
        value = app.session_interface.get_signing_serializer(app).dumps(session)
    app.secret_key = SECRET
    clock["now"] = NOW
    return value


def text(session):
    with app.app_context():
        return flask.sessions.session_json_serializer.dumps(session)


def read_by_flask(value, now):
    """What Flask's own open_session makes of the cookie, as session JSON; None when it starts afresh."""
    clock["now"] = now
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        opened = app.session_interface.open_session(app, flask.request)
        result = text(dict(opened)) if opened else None
    clock["now"] = NOW
    return result


def written_by_flask(value, category, message):
    """The cookie Flask sets after flash(message, category) in a request carrying value."""
    clock["now"] = NOW
    headers = {"Cookie": f"session={value}"} if value else {}
    with app.test_request_context(headers=headers):
        flask.flash(message, category)
        response = app.response_class()
        app.session_interface.save_session(app, flask.session._get_current_object(), response)
    cookie_line = response.headers["Set-Cookie"]
    return cookie_line.split(";")[0].split("=", 1)[1]


SESSIONS = {
    "flashes": {"_flashes": [("info", "hi")]},
    "logged_out": {"csrf_token": CSRF},
    "logged_in": {"_fresh": True, "_id": LOGIN_ID, "_user_id": "1", "csrf_token": CSRF},
    "logged_in_with_flashes": {
        "_fresh": False, "_id": LOGIN_ID, "_user_id": "2", "csrf_token": CSRF,
        "_flashes": [("warning", "That is an invalid or expired token"),
                     ("message", "Gr\u00fc\u00dfe \U0001F600 <b>\"quoted\"</b>")]},
    "tagged": {
        "_permanent": True,
        "when": datetime.datetime(2025, 11, 28, 14, 26, 40, tzinfo=datetime.timezone.utc),
        "raw": b"\x00\xffbytes",
        "markup": Markup("<b>bold</b>"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "tag_like_key": {" t": "not a tuple"},
        "nested": (1, [2, (3, None)], {"k": (True,)}),
        "numbers": [1.5, -0.25, 2 ** 70, 0],
        "text": "tab\there, \u00e9, \u2028, \x7f",
    },
}

read = []
for name, session in SESSIONS.items():
    value = cookie(session)
    read.append({"name": name, "cookie": value, "now": NOW, "compressed": value.startswith("."),
                 "session": read_by_flask(value, NOW)})
    assert read[-1]["session"] == text(session), name

edge = {
    "age_equals_max_age": (cookie(SESSIONS["logged_out"]), SIGNED_AT + MAX_AGE),
    "expired": (cookie(SESSIONS["logged_out"]), SIGNED_AT + MAX_AGE + 1),
    "signed_in_the_future": (cookie(SESSIONS["logged_out"], at=NOW + 5), NOW),
    "other_secret": (cookie(SESSIONS["logged_in"], secret="another-secret"), NOW),
    "tampered_payload": ("eyJjc3JmX3Rva2VuIjoiMSJ9" + cookie(SESSIONS["logged_out"])[24:], NOW),
    "signature_cut": (cookie(SESSIONS["logged_out"])[:-3], NOW),
    "not_signed": ("eyJjc3JmX3Rva2VuIjoiMSJ9", NOW),
    "empty": ("", NOW),
}
for name, (value, now) in edge.items():
    read.append({"name": name, "cookie": value, "now": now, "compressed": value.startswith("."),
                 "session": read_by_flask(value, now) if value else None})

MAIL_SENT = "An email has been sent with instructions to reset your password."
PASSWORD_UPDATED = "Your password has been updated! You are now able to log in!"
write = []
for name, value, category, message in [
        ("new_session", None, "success", PASSWORD_UPDATED),
        ("keeps_csrf_token", cookie(SESSIONS["logged_out"]), "info", MAIL_SENT),
        ("keeps_login_and_flashes", cookie(SESSIONS["logged_in_with_flashes"]), "success", PASSWORD_UPDATED),
        ("keeps_tagged_values", cookie(SESSIONS["tagged"]), "info", MAIL_SENT),
        ("other_secret_starts_afresh", cookie(SESSIONS["logged_in"], secret="another-secret"), "info", MAIL_SENT),
        ("expired_starts_afresh", cookie(SESSIONS["logged_in"], at=NOW - MAX_AGE - 1), "success", PASSWORD_UPDATED)]:
    write.append({"name": name, "cookie": value, "now": NOW, "category": category, "message": message,
                  "written": written_by_flask(value, category, message)})

json.dump({"secret": SECRET, "max_age": MAX_AGE, "read": read, "write": write,
           "made_with": f"Flask {flask.__version__}, itsdangerous {itsdangerous.__version__}"},
          sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
