"""paranoid = yes: /reset_password and /register give the same answer, page and timing for
a known and an unknown email, throttled or not, so they cannot be used to find out who has
an account; mail goes out from a detached process, so no worker waits for sendmail."""
import glob
import http.client
import os
import re
import statistics
import time
import urllib.parse

import stack
from hardening import (ACCOUNT_CREATED, MAIL_SENT, NEW_PASSWORD, PASSWORD, InstanceTest, database,
                       delayed_sendmail, flash_after, mails_to, register, request_reset,
                       settle_mail, tool_link_path, without_visit_values, worker_children)

REGISTER_ATTEMPT_SUBJECT = "Someone tried to register with your email"

KNOWN = "alice@example.org"
UNKNOWN = "nobody@example.org"
ROUNDS = 50
# The stand-in sendmail takes this long, so a mail sent before the answer would show.
MAIL_DELAY = 0.03


def wait_for_mail_files(directory, count):
    """Polls more finely than Stack.wait_for_mails: each round of the timing test waits."""
    deadline = time.monotonic() + 5
    while len(glob.glob(os.path.join(directory, "*.eml"))) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"fewer than {count} mails arrived")
        time.sleep(0.002)


def timed_request(port, cookie, token, email_address):
    """Seconds from connecting to having read the whole answer of one POST."""
    body = urllib.parse.urlencode({"csrf_token": token, "email": email_address})
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/reset_password", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        reply = connection.getresponse()
        reply.read()
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    if reply.status != 302:
        raise AssertionError(f"POST /reset_password for {email_address} answered {reply.status}")
    return elapsed


class ParanoidAnswerTest(InstanceTest):
    OPTIONS = {"paranoid": True}

    @classmethod
    def options(cls, directory):
        return dict(cls.OPTIONS, sendmail=delayed_sendmail(directory, MAIL_DELAY))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance.add_user("alice", KNOWN, PASSWORD)

    def answer_and_page(self, email_address):
        browser = self.instance.browser()
        reply = request_reset(browser, email_address)
        page = flash_after(browser, reply)
        return reply, page

    def test_known_and_unknown_emails_get_the_same_answer_and_page(self):
        before = len(self.instance.mails())
        known_reply, known_page = self.answer_and_page(KNOWN)
        unknown_reply, unknown_page = self.answer_and_page(UNKNOWN)

        self.assertEqual(known_reply.status, 302)
        self.assertEqual(known_reply.location, "/login")
        self.assertEqual(without_visit_values(known_reply), without_visit_values(unknown_reply))
        self.assertIn(MAIL_SENT, known_page.body)
        self.assertEqual(without_visit_values(known_page), without_visit_values(unknown_page))
        # Only the header and field values that belong to one visit were taken out.
        self.assertEqual(len(known_page.body), len(unknown_page.body))

        mails = settle_mail(self.instance, before + 1)
        self.assertEqual(len(mails), before + 1)
        self.assertEqual(len(mails_to(self.instance, UNKNOWN)), 0)

    def test_known_and_unknown_emails_take_the_same_time(self):
        browser = self.instance.browser()
        token = stack.csrf_token(browser.get("/reset_password").body)
        name = self.instance.cookie("csrf")
        cookie = f"{name}={browser.cookies[name]}"
        times = {KNOWN: [], UNKNOWN: []}
        mailed = len(self.instance.mails())
        for round_number in range(ROUNDS + 3):
            # Each order half of the time: a request right after a known one shares the
            # machine with that one's sendmail.
            order = (KNOWN, UNKNOWN) if round_number % 2 else (UNKNOWN, KNOWN)
            for address in order:
                elapsed = timed_request(self.instance.port, cookie, token, address)
                if round_number >= 3:  # the first rounds warm caches up
                    times[address].append(elapsed)
                if address == KNOWN:
                    # The mail goes out after the answer; waiting for it keeps its sendmail
                    # from sharing the machine with the next timed request.
                    mailed += 1
                    wait_for_mail_files(self.instance.mail_dir, mailed)
        known = statistics.median(times[KNOWN]) * 1000
        unknown = statistics.median(times[UNKNOWN]) * 1000
        print(f"\n    paranoid medians over {ROUNDS}: known {known:.2f} ms, unknown {unknown:.2f} ms",
              flush=True)
        self.assertLess(abs(known - unknown), 10.0)
        # A mail sent before the answer would make the known address this much slower.
        self.assertLess(known, unknown + MAIL_DELAY * 1000 / 2)


class ParanoidThrottleTest(InstanceTest):
    OPTIONS = {"paranoid": True, "throttle_email_seconds": 60, "throttle_ip_per_hour": 3}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("bob", "carol", "dave"):
            cls.instance.add_user(name, f"{name}@example.org", PASSWORD)

    def test_throttled_requests_get_the_usual_answer_and_no_mail(self):
        browser = self.instance.browser()
        unknown_reply = request_reset(browser, UNKNOWN)
        unknown_page = flash_after(browser, unknown_reply)
        expected = (without_visit_values(unknown_reply), without_visit_values(unknown_page))
        # The unknown address counted as attempt 1 of 3 from this client.
        steps = [("bob@example.org", 1),    # attempt 2: mailed
                 ("bob@example.org", 1),    # attempt 3: within bob's 60 s, no mail
                 ("carol@example.org", 0),  # attempt 4: over 3 per hour, no mail
                 ("dave@example.org", 0)]
        for address, mails in steps:
            with self.subTest(address=address):
                reply = request_reset(browser, address)
                page = flash_after(browser, reply)
                self.assertEqual((without_visit_values(reply), without_visit_values(page)), expected)
                self.assertIn(MAIL_SENT, page.body)
                settle_mail(self.instance, 1)
                self.assertEqual(len(mails_to(self.instance, address)), mails)
        self.assertEqual(len(self.instance.mails()), 1)


class ParanoidRegisterTest(InstanceTest):
    OPTIONS = {"paranoid": True, "throttle_register_ip_per_hour": 3, "throttle_email_seconds": 60}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance.add_user("alice", KNOWN, PASSWORD)

    def setUp(self):
        # Each test starts with this client's registrations for the hour unused.
        with database(self.instance) as db:
            db.execute("DELETE FROM pwreset_throttle")

    def usernames(self):
        with database(self.instance) as db:
            return sorted(row[0] for row in db.execute("SELECT username FROM user"))

    def test_new_taken_and_throttled_addresses_get_the_same_answer_and_page(self):
        before = len(self.instance.mails())
        answers = []
        # Three registrations from this client are allowed per hour, the fourth is not.
        for username, address in [("newcomer", "newcomer@example.org"), ("copycat", KNOWN),
                                  ("second", "second@example.org"), ("throttled", "throttled@example.org")]:
            browser = self.instance.browser()
            reply = register(browser, username, address)
            page = flash_after(browser, reply)
            self.assertEqual((reply.status, reply.location), (302, "/login"))
            self.assertIn(ACCOUNT_CREATED, page.body)
            answers.append((address, without_visit_values(reply), without_visit_values(page)))
        for address, reply, page in answers[1:]:
            with self.subTest(address=address):
                self.assertEqual((reply, page), answers[0][1:])
        self.assertEqual(self.usernames(), ["alice", "newcomer", "second"])

        [notice] = settle_mail(self.instance, before + 1)[before:]
        self.assertEqual(notice["To"], KNOWN)
        self.assertEqual(notice["Subject"], REGISTER_ATTEMPT_SUBJECT)
        self.assertEqual(notice.get_content_type(), "text/plain")
        text = notice.get_content()
        self.assertIn("no new account was made", text)
        self.assertEqual(re.findall(r"https?://\S+", text), [self.instance.base_url + "/reset_password"])

    def test_the_owner_gets_one_notice_per_throttle_email_seconds(self):
        before = len(self.instance.mails())
        for attempt in range(3):
            browser = self.instance.browser()
            reply = register(browser, f"copycat{attempt}", KNOWN)
            self.assertIn(ACCOUNT_CREATED, flash_after(browser, reply).body)
        notices = settle_mail(self.instance, before + 1)[before:]
        self.assertEqual([message["Subject"] for message in notices], [REGISTER_ATTEMPT_SUBJECT])

    def test_a_taken_username_is_still_said(self):
        reply = register(self.instance.browser(), "alice", "someone-else@example.org")
        self.assertEqual(reply.status, 200)
        self.assertIn("That username is taken.", reply.body)


class ParanoidMailLeavesTheWorkerTest(InstanceTest):
    """With one worker per program and a sendmail that takes a second, each page that mails
    after its answer still answers at once, and so does the next request to that worker."""

    WORKERS = 1
    OPTIONS = {"paranoid": True}

    @classmethod
    def options(cls, directory):
        return dict(cls.OPTIONS, sendmail=delayed_sendmail(directory, 1))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance.add_user("alice", KNOWN, PASSWORD)

    def timed(self, send):
        started = time.perf_counter()
        reply = send()
        return reply, time.perf_counter() - started

    def check_mailing_page(self, program, path, fields, subject):
        browser = self.instance.browser()
        token = stack.csrf_token(browser.get(path).body)
        before = len(mails_to(self.instance, KNOWN))
        reply, seconds = self.timed(lambda: browser.post(path, {"csrf_token": token, **fields}))
        self.assertEqual((reply.status, reply.location), (302, "/login"), reply.body[:1000])
        self.assertLess(seconds, 0.1)
        # The one worker is free again at once: it did not wait for the slow sendmail.
        after, seconds = self.timed(lambda: self.instance.browser().get(path))
        self.assertIn(after.status, (200, 302))
        self.assertLess(seconds, 0.1)
        self.assertEqual(worker_children(self.instance, program), [])
        deadline = time.monotonic() + 5
        while len(mails_to(self.instance, KNOWN)) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual([message["Subject"] for message in mails_to(self.instance, KNOWN)[before:]],
                         [subject])

    def test_the_reset_mail(self):
        self.check_mailing_page("reset_request", "/reset_password", {"email": KNOWN},
                                "Password Reset Request")

    def test_the_password_changed_notice(self):
        self.check_mailing_page("reset_token", tool_link_path(self.instance, KNOWN),
                                {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
                                "Your password has been changed")

    def test_the_registration_attempt_notice(self):
        self.check_mailing_page("register", "/register",
                                {"username": "copycat", "email": KNOWN, "password": NEW_PASSWORD,
                                 "confirm_password": NEW_PASSWORD},
                                REGISTER_ATTEMPT_SUBJECT)


class ParanoidHangingSendmailTest(InstanceTest):
    """The detached mail keeps mail_timeout and logs its failure."""

    OPTIONS = {"paranoid": True, "mail_timeout": 1}

    @classmethod
    def options(cls, directory):
        script = os.path.join(directory, "hanging-sendmail")
        with open(script, "w") as text:
            text.write(f"#!/bin/sh\necho $$ > {directory}/sendmail.pid\nexec sleep 60\n")
        os.chmod(script, 0o700)
        return dict(cls.OPTIONS, sendmail=script + " -t -i")

    def test_a_hanging_sendmail_is_killed_at_the_timeout_and_logged(self):
        self.instance.add_user("alice", KNOWN, PASSWORD)
        browser = self.instance.browser()
        started = time.monotonic()
        reply = request_reset(browser, KNOWN)
        self.assertEqual((reply.status, reply.location), (302, "/login"))
        self.assertIn(MAIL_SENT, flash_after(browser, reply).body)
        self.assertLess(time.monotonic() - started, 0.5)
        expected = re.compile(r"^\S+Z reset_request: reset mail for user \d+ not sent: sendmail timed out", re.M)
        while not expected.search(self.instance.log("pwreset-fcgi")):
            self.assertLess(time.monotonic() - started, 3, self.instance.log("pwreset-fcgi"))
            time.sleep(0.05)
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        with open(os.path.join(self.instance.dir, "sendmail.pid")) as pid_file:
            pid = pid_file.read().strip()
        self.assertFalse(os.path.exists(f"/proc/{pid}"), f"sendmail {pid} is still there")
        self.assertEqual(worker_children(self.instance, "reset_request"), [])
