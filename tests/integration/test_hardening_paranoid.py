"""paranoid = yes: /reset_password gives the same answer, page and timing for a known and
an unknown email, throttled or not, so it cannot be used to find out who has an account."""
import glob
import http.client
import os
import statistics
import time
import urllib.parse

import stack
from hardening import (MAIL_SENT, PASSWORD, InstanceTest, delayed_sendmail, flash_after,
                       mails_to, request_reset, settle_mail, without_visit_values)

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
                    # Each worker mails after answering; waiting for the mail keeps one
                    # worker free, so the next request never queues behind a busy one.
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
