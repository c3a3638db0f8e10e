"""Shared by the website tests: one running stack per test class, fresh accounts, logged-in
browsers, the reset mail, and readers for what a page shows (flashes, field errors)."""
import html
import itertools
import os
import re
import sqlite3
import tempfile
import time
import unittest
import urllib.parse

import stack

OLD_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "tangerine-orbit-lantern-42"
RESET_SUBJECT = "Password Reset Request"
RESET_BODY = ("To reset your password, visit the following link:\n{link}\n\n"
              "If you did not make this request, then simply ignore this email and no change will happen.\n")

MAIL_SENT = "An email has been sent with instructions to reset your password."
PASSWORD_UPDATED = "Your password has been updated! You are now able to log in!"
INVALID_TOKEN = "That is an invalid or expired token"
LOGIN_FAILED = "Login Unsuccessful. Please check email and password"
ACCOUNT_CREATED = "Your account has been created! You are now able to log in"

# Words that would mean a page leaked an internal error rather than explaining itself.
INTERNALS = re.compile(r"exception|what\(\)|std::|terminate|traceback|sqlite|errno|segfault|"
                       r"database is locked|I/O error|readonly", re.I)

_numbers = itertools.count(1)


def flashes(page):
    """The (category, text) of each flash message a page shows, in order."""
    found = re.findall(r'<div class="alert alert-([a-z]+)" role="alert">(.*?)</div>', page, re.S)
    return [(category, html.unescape(text)) for category, text in found]


def field_errors(page, name):
    """The messages shown under the form field `name` (empty when it has none)."""
    pattern = r'<div class="invalid-feedback" id="%s-errors">(.*?)</div>' % re.escape(name)
    block = re.search(pattern, page, re.S)
    if not block:
        return []
    return [html.unescape(text) for text in re.findall(r"<span>(.*?)</span>", block.group(1), re.S)]


def greeted_user(page):
    """The username the home page greets, or None for an anonymous visitor."""
    found = re.search(r"Hello, (.*?)!</h1>", page)
    return html.unescape(found.group(1)) if found else None


def submit(browser, path, fields, headers=None):
    """GETs the form at path, then POSTs fields with that form's CSRF token."""
    form = browser.get(path)
    if form.status != 200:
        raise AssertionError(f"GET {path} answered {form.status}:\n{form.body[:2000]}")
    return browser.post(path, {"csrf_token": stack.csrf_token(form.body), **fields}, headers=headers)


def link_path(link):
    return urllib.parse.urlsplit(link).path


class StackTestCase(unittest.TestCase):
    """Runs one stack for the whole class; `options` are its config overrides, `environment`
    goes to scripts/stack (see stack.Stack)."""

    options = {}
    environment = {}

    @classmethod
    def prepare_directory(cls, directory):
        """Runs before the stack starts in directory (e.g. to put a database there)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        try:
            cls.prepare_directory(cls.tmp.name)
            cls.stack = stack.Stack(cls.tmp.name, cls.options, cls.environment).start()
        except BaseException:
            cls.tmp.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.stack.stop()
        finally:
            cls.tmp.cleanup()

    def new_account(self, password=OLD_PASSWORD):
        """Adds an account no other test uses; returns (username, email)."""
        number = next(_numbers)
        username, address = f"user{number}", f"user{number}@example.com"
        self.stack.add_user(username, address, password)
        return username, address

    def log_in(self, address, password=OLD_PASSWORD, remember=False, browser=None):
        """A browser with a session for the account; fails the test if login is refused."""
        browser = browser or self.stack.browser()
        fields = {"email": address, "password": password}
        if remember:
            fields["remember"] = "y"
        reply = submit(browser, "/login", fields)
        self.assertEqual(reply.status, 302, f"login as {address} refused:\n{reply.body[:2000]}")
        self.assertIn(self.stack.cookie("session"), browser.cookies)
        return browser

    def request_reset(self, address, browser=None, headers=None):
        """Asks for a reset link on /reset_password; returns the reply."""
        return submit(browser or self.stack.browser(), "/reset_password", {"email": address}, headers)

    def reset_mails(self, address):
        """The reset mails stored so far for one address, oldest first."""
        return [message for message in self.stack.mails()
                if message["To"] == address and message["Subject"] == RESET_SUBJECT]

    def wait_for_reset_mail(self, address, count=1):
        deadline = time.monotonic() + 5
        while len(found := self.reset_mails(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(len(found), count, f"reset mails to {address}")
        return found[-1]

    def mailed_link(self, address):
        """Asks for a reset for address and returns the link its mail holds."""
        before = len(self.reset_mails(address))
        reply = self.request_reset(address)
        self.assertEqual(reply.status, 302, reply.body[:2000])
        [link] = stack.reset_links(self.wait_for_reset_mail(address, before + 1))
        return link

    def stored_hash(self, address):
        with sqlite3.connect(os.path.join(self.stack.dir, "site.db")) as db:
            row = db.execute("SELECT password FROM user WHERE email = ?", (address,)).fetchone()
        return row[0] if row else None

    def wait_for_log_line(self, browser):
        """Returns once the access log has the line of a request made now: nginx writes each
        line after its answer has gone out, so a test could otherwise read too early."""
        probe = f"log-probe-{time.monotonic_ns()}"
        browser.get("/login", headers={"User-Agent": probe})
        deadline = time.monotonic() + 5
        while probe not in self.stack.log("access"):
            self.assertLess(time.monotonic(), deadline, "the access log did not get the probe line")
            time.sleep(0.05)

    def assert_flashed(self, browser, path, category, text):
        """GET path shows exactly the one flash (category, text)."""
        page = browser.get(path)
        self.assertEqual(page.status, 200, page.body[:2000])
        self.assertEqual(flashes(page.body), [(category, text)])
        return page

    def assert_error_page(self, reply, status, message):
        self.assertEqual(reply.status, status, reply.body[:2000])
        self.assertEqual(reply.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn(f"<title>Flask Blog - Error {status}</title>", reply.body)
        self.assertIn(f"<p>{html.escape(message, quote=False)}</p>", reply.body)
        self.assert_no_internals(reply)

    def assert_no_internals(self, reply):
        self.assertIsNone(INTERNALS.search(reply.body), reply.body[:2000])
