"""Shared by the test_hardening_* files: the visitor's steps (ask for a link, log in, set a
password), answers with their per-visit values removed, and direct looks at the database."""
import os
import re
import sqlite3
import stat
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

import stack
from processes import children, page_workers
from stack import log_in  # noqa: F401  (shared with the test modules that import it from here)

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orbit staple quietly"
MAIL_SENT = "An email has been sent with instructions to reset your password."
ACCOUNT_CREATED = "Your account has been created! You are now able to log in"
INVALID_LINK = "That is an invalid or expired token"
PASSWORD_UPDATED = "Your password has been updated! You are now able to log in!"

_CSRF_VALUE = re.compile(r'(name="csrf_token" value=")[^"]*(")')


def request_reset(browser, email_address):
    """GET then POST /reset_password as a visitor would; the POST's Reply."""
    form = browser.get("/reset_password")
    if form.status != 200:
        raise AssertionError(f"GET /reset_password answered {form.status}:\n{form.body[:1000]}")
    return browser.post("/reset_password", {"csrf_token": stack.csrf_token(form.body),
                                            "email": email_address})


def register(browser, username, email_address, password=NEW_PASSWORD):
    """GET then POST /register as a visitor would; the POST's Reply."""
    form = browser.get("/register")
    if form.status != 200:
        raise AssertionError(f"GET /register answered {form.status}:\n{form.body[:1000]}")
    return browser.post("/register", {"csrf_token": stack.csrf_token(form.body), "username": username,
                                      "email": email_address, "password": password,
                                      "confirm_password": password})


def is_logged_in(browser, username):
    """True when / greets username (the navbar shows Logout only to a session)."""
    page = browser.get("/")
    return page.status == 200 and "/logout" in page.body and username in page.body


def link_path(link):
    return urllib.parse.urlsplit(link).path


def tool_link_path(instance, email_address):
    """The path of a fresh reset link from `pwreset reset-link`."""
    return link_path(instance.tool("reset-link", "--email", email_address).stdout.strip())


def token_of(path):
    return path.rsplit("/", 1)[1]


def set_password(browser, path, password, confirm=None):
    """Opens a reset link and submits the form; the POST's Reply (or the GET's when the
    link is refused before any form is shown)."""
    form = browser.get(path)
    if form.status != 200:
        return form
    return browser.post(path, {"csrf_token": stack.csrf_token(form.body), "password": password,
                               "confirm_password": password if confirm is None else confirm})


def flash_after(browser, reply):
    """The page a redirect leads to (where its flash is shown)."""
    if reply.status != 302:
        raise AssertionError(f"expected a redirect, got {reply.status}:\n{reply.body[:1000]}")
    return browser.get(reply.location)


def without_visit_values(reply):
    """Status, headers and body with what differs per visit taken out: CSRF values, cookie
    values (names and attributes stay) and the Date header."""
    headers = []
    for name, value in reply.headers:
        if name.lower() == "date":
            continue
        if name.lower() == "set-cookie":
            cookie_name, _, rest = value.partition("=")
            value = cookie_name + "=<value>" + rest[rest.find(";"):] if ";" in rest else cookie_name
        headers.append((name.lower(), value))
    return reply.status, sorted(headers), _CSRF_VALUE.sub(r"\1<csrf>\2", reply.body)


def delayed_sendmail(directory, seconds):
    """The sendmail command of a stand-in that takes `seconds`, then stores the message in
    directory/mail as mailcatch does (whole or not at all), without Python's start-up time."""
    path = os.path.join(directory, "delayed-sendmail")
    mail = os.path.join(directory, "mail")
    os.makedirs(mail, exist_ok=True)
    with open(path, "w") as script:
        script.write(f"#!/bin/sh\nsleep {seconds}\nname=$(date +%s%N)-$$\n"
                     f"cat > {mail}/.incoming-$name && mv {mail}/.incoming-$name {mail}/$name.eml\n")
    os.chmod(path, stat.S_IRWXU)
    return path + " -t -i"


def mails_to(instance, address):
    return [message for message in instance.mails() if message["To"] == address]


def settle_mail(instance, expected_total, timeout=5.0):
    """Waits until exactly expected_total mails are stored, then a little longer so that
    a mail that should not come would show up; returns the list."""
    found = instance.wait_for_mails(expected_total, timeout)
    time.sleep(0.3)
    return instance.mails() if len(found) >= expected_total else found


def database(instance):
    """An autocommit connection to the instance's SQLite file, usable from any thread."""
    return sqlite3.connect(os.path.join(instance.dir, "site.db"), isolation_level=None, timeout=10,
                           check_same_thread=False)


def run_together(functions):
    """Runs the functions in threads released at the same moment; their results in order."""
    start = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index):
        start.wait()
        results[index] = functions[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(functions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def worker_children(instance, program):
    """(pid, state) of every child process of the page's workers (the children of the
    supervisor that scripts/stack recorded); a zombie has state Z."""
    workers = {str(pid) for pid in page_workers(instance, program)}
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                fields = stat_file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] in workers:
            found.append((pid, fields[0]))
    return found


def password_hash(instance, email_address):
    with database(instance) as db:
        return db.execute("SELECT password FROM user WHERE email = ?", (email_address,)).fetchone()[0]


def run_tool(config_path, *args):
    """`pwreset --config CONFIG ARGS` under any config (not only the instance's)."""
    return subprocess.run([stack.TOOL, "--config", config_path, *args], capture_output=True,
                          text=True, timeout=60)


class InstanceTest(unittest.TestCase):
    """One running instance per test class, with the config overrides options() gives and
    WORKERS FastCGI workers per program (None: scripts/stack's default)."""

    OPTIONS = {}
    WORKERS = None

    @classmethod
    def options(cls, directory):
        """The overrides; a subclass may first put files (a sendmail script) in directory."""
        return cls.OPTIONS

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.instance = stack.Stack(cls.tmp.name, cls.options(cls.tmp.name), workers=cls.WORKERS).start()

    @classmethod
    def tearDownClass(cls):
        cls.instance.stop()
        cls.tmp.cleanup()
