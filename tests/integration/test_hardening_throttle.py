"""Rate limits on reset mails with the default settings (one per address per 60 s, 20 per
client address per hour): kept in SQLite, so they bind every worker and survive a
restart; 0 turns either off; old rows are pruned; a mail sendmail refused does not count.
And the hourly limit on registrations per client address."""
import os
import stat
import threading
import time

import stack
from hardening import (ACCOUNT_CREATED, MAIL_SENT, PASSWORD, InstanceTest, database, flash_after,
                       mails_to, register, request_reset, settle_mail)

TOO_SOON = "A reset email was sent to this address moments ago."
TOO_MANY = "Too many password reset requests came from your network. Please try again in an hour."
NOT_SENT = "No email could be sent, so no reset link went out. Please try again later."
TOO_MANY_REGISTRATIONS = "Too many registrations came from your network. Please try again in an hour."
USERS = [f"user{number:02d}@example.org" for number in range(22)]


def throttle_rows(instance):
    with database(instance) as db:
        return db.execute("SELECT bucket, at FROM pwreset_throttle ORDER BY at, bucket").fetchall()


def age_rows(instance, seconds):
    """Moves every counted attempt `seconds` into the past, as if time had passed."""
    with database(instance) as db:
        db.execute("UPDATE pwreset_throttle SET at = at - ?", (seconds,))


class DefaultThrottleTest(InstanceTest):
    # None drops the test-friendly 0 that stack.py writes, so the built-in defaults apply.
    OPTIONS = {"throttle_email_seconds": None, "throttle_ip_per_hour": None}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for number, address in enumerate(USERS):
            cls.instance.add_user(f"user{number:02d}", address, PASSWORD)

    def setUp(self):
        # Every test here comes from 127.0.0.1: each starts with that client's budget unused.
        with database(self.instance) as db:
            db.execute("DELETE FROM pwreset_throttle")

    def mailed(self, address):
        """Asks for a link for address; asserts it was mailed."""
        before = len(mails_to(self.instance, address))
        browser = self.instance.browser()
        page = flash_after(browser, request_reset(browser, address))
        self.assertIn(MAIL_SENT, page.body)
        # Without paranoid mode the mail has gone out before the answer.
        self.assertEqual(len(mails_to(self.instance, address)), before + 1)

    def refused(self, address, message):
        """Asks for a link for address; asserts the form came back with message and no mail."""
        before = len(self.instance.mails())
        reply = request_reset(self.instance.browser(), address)
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn(message, reply.body)
        self.assertIn('class="alert alert-danger"', reply.body)
        self.assertEqual(len(settle_mail(self.instance, before)), before)

    def test_a_second_request_for_one_address_within_a_minute_sends_no_mail(self):
        self.mailed(USERS[0])
        self.refused(USERS[0], TOO_SOON)
        self.refused(USERS[0].upper(), TOO_SOON)
        self.mailed(USERS[1])
        age_rows(self.instance, 50)
        self.refused(USERS[0], TOO_SOON)
        age_rows(self.instance, 11)
        self.mailed(USERS[0])

    def test_the_21st_request_from_one_client_within_an_hour_sends_no_mail(self):
        for address in USERS[:20]:
            self.mailed(address)
        self.refused(USERS[20], TOO_MANY)
        self.assertEqual(len([row for row in throttle_rows(self.instance)
                              if row[0] == "ip:127.0.0.1"]), 20)

        self.instance.stop()
        self.instance.start()
        self.refused(USERS[21], TOO_MANY)
        age_rows(self.instance, 3601)
        self.mailed(USERS[21])

    def test_simultaneous_requests_for_one_address_send_one_mail(self):
        address = USERS[21]
        browsers = [self.instance.browser() for _ in range(8)]
        forms = [browser.get("/reset_password") for browser in browsers]
        start = threading.Barrier(len(browsers))
        replies = [None] * len(browsers)

        def ask(index):
            token = forms[index].body.split('name="csrf_token" value="')[1].split('"')[0]
            start.wait()
            replies[index] = browsers[index].post("/reset_password",
                                                  {"csrf_token": token, "email": address})

        before = len(mails_to(self.instance, address))
        threads = [threading.Thread(target=ask, args=(index,)) for index in range(len(browsers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        statuses = sorted(reply.status for reply in replies)
        self.assertEqual(statuses, [200] * 7 + [302])
        for reply in replies:
            if reply.status == 200:
                self.assertIn(TOO_SOON, reply.body)
        settle_mail(self.instance, before + 1)
        self.assertEqual(len(mails_to(self.instance, address)), before + 1)

    def test_rows_older_than_the_longest_window_are_pruned(self):
        now = int(time.time())
        with database(self.instance) as db:
            db.executemany("INSERT INTO pwreset_throttle (bucket, at) VALUES (?, ?)", [
                ("ip:203.0.113.9", now - 7200),
                ("email:old@example.org", now - 3601),
                ("ip:203.0.113.10", now - 600),
            ])
        self.mailed(USERS[2])
        buckets = [bucket for bucket, _ in throttle_rows(self.instance)]
        self.assertEqual(sorted(buckets), ["email:" + USERS[2], "ip:127.0.0.1", "ip:203.0.113.10"])


class DisabledThrottleTest(InstanceTest):
    OPTIONS = {"throttle_email_seconds": 0, "throttle_ip_per_hour": 0}

    def test_zero_turns_both_limits_off(self):
        self.instance.add_user("frequent", "frequent@example.org", PASSWORD)
        for _ in range(22):
            browser = self.instance.browser()
            page = flash_after(browser, request_reset(browser, "frequent@example.org"))
            self.assertIn(MAIL_SENT, page.body)
        self.assertEqual(len(settle_mail(self.instance, 22)), 22)
        self.assertEqual(throttle_rows(self.instance), [])


class FailedSendTest(InstanceTest):
    """The one-mail-per-address limit counts mails sendmail took, not attempts."""

    OPTIONS = {"throttle_email_seconds": 60}

    @classmethod
    def options(cls, directory):
        script = os.path.join(directory, "fails-once-sendmail")
        with open(script, "w") as text:
            text.write(f"#!/bin/sh\nif [ ! -e {directory}/failed-once ]; then\n"
                       f"    touch {directory}/failed-once; cat >/dev/null; exit 75\nfi\n"
                       f"exec {stack.ROOT}/scripts/mailcatch {directory}/mail \"$@\"\n")
        os.chmod(script, stat.S_IRWXU)
        return dict(cls.OPTIONS, sendmail=script + " -t -i")

    def test_asking_again_after_a_failed_send_mails_at_once(self):
        address = "unlucky@example.org"
        self.instance.add_user("unlucky", address, PASSWORD)
        failed = request_reset(self.instance.browser(), address)
        self.assertEqual(failed.status, 200, failed.location)
        self.assertIn(NOT_SENT, failed.body)
        self.assertEqual(self.instance.mails(), [])

        browser = self.instance.browser()
        self.assertIn(MAIL_SENT, flash_after(browser, request_reset(browser, address)).body)
        self.assertEqual(len(mails_to(self.instance, address)), 1)
        # The mail that did go out counts as usual.
        again = request_reset(self.instance.browser(), address)
        self.assertEqual(again.status, 200, again.location)
        self.assertIn(TOO_SOON, again.body)


class RegisterThrottleTest(InstanceTest):
    OPTIONS = {"throttle_register_ip_per_hour": 2}

    def usernames(self):
        with database(self.instance) as db:
            return sorted(row[0] for row in db.execute("SELECT username FROM user"))

    def test_the_3rd_registration_from_one_client_within_an_hour_is_refused(self):
        for name in ("first", "second"):
            browser = self.instance.browser()
            reply = register(browser, name, f"{name}@example.org")
            self.assertIn(ACCOUNT_CREATED, flash_after(browser, reply).body)
        refused = register(self.instance.browser(), "third", "third@example.org")
        self.assertEqual(refused.status, 200, refused.location)
        self.assertIn(TOO_MANY_REGISTRATIONS, refused.body)
        self.assertIn('class="alert alert-danger"', refused.body)
        self.assertEqual(self.usernames(), ["first", "second"])
        age_rows(self.instance, 3601)
        self.assertEqual(register(self.instance.browser(), "third", "third@example.org").status, 302)
