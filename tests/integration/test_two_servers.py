"""Two complete stacks (two nginx + program sets on two ports, one secret) on one
PostgreSQL database, as two web servers behind a load balancer: links, limits and
sessions hold across both."""
import os
import shutil
import tempfile
import unittest

import postgres
import stack
from hardening import (INVALID_LINK, MAIL_SENT, NEW_PASSWORD, PASSWORD, PASSWORD_UPDATED,
                       flash_after, is_logged_in, link_path, log_in, mails_to, request_reset,
                       run_together, set_password, settle_mail)
from test_hardening_throttle import TOO_SOON


class TwoServersTest(unittest.TestCase):
    accounts = 0

    @classmethod
    def setUpClass(cls):
        cls.postgres = postgres.PostgresServer().start()
        cls.tmp = tempfile.mkdtemp(prefix="pwreset-two-")
        cls.servers = []
        try:
            options = {"database": cls.postgres.new_database(), "throttle_email_seconds": 60}
            for name in ("a", "b"):
                os.mkdir(os.path.join(cls.tmp, name))
            cls.servers = [stack.Stack(os.path.join(cls.tmp, "a"), options)]
            cls.servers[0].prepare()
            # The second server gets the first one's secret, as an operator copies it.
            shutil.copy(cls.servers[0].secret_path, os.path.join(cls.tmp, "b", "secret.key"))
            cls.servers.append(stack.Stack(os.path.join(cls.tmp, "b"), options))
            for server in cls.servers:
                server.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            for server in cls.servers:
                if server.dir in stack._running:
                    server.stop()
        finally:
            cls.postgres.stop()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def new_account(self):
        TwoServersTest.accounts += 1
        address = f"both{self.accounts}@example.org"
        self.servers[0].add_user(f"both{self.accounts}", address, PASSWORD)
        return address

    def mailed_path(self, server, address):
        """Asks server for a link for address; the path of the link its mail holds."""
        before = len(server.mails())
        self.assertEqual(request_reset(server.browser(), address).status, 302)
        [message] = server.wait_for_mails(before + 1, 5)[before:]
        self.assertEqual(message["To"], address)
        [link] = stack.reset_links(message)
        return link_path(link)

    def test_a_link_mailed_by_one_server_resets_on_the_other_and_is_then_refused_on_both(self):
        a, b = self.servers
        address = self.new_account()
        path = self.mailed_path(a, address)
        browser = b.browser()
        reply = set_password(browser, path, NEW_PASSWORD)
        self.assertIn(PASSWORD_UPDATED, flash_after(browser, reply).body)
        for server in (a, b):
            again = server.browser()
            self.assertIn(INVALID_LINK, flash_after(again, again.get(path)).body)
        log_in(a, address, NEW_PASSWORD)

    def test_twenty_simultaneous_resets_with_one_link_over_both_servers_exactly_one_succeeds(self):
        address = self.new_account()
        path = self.mailed_path(self.servers[0], address)
        browsers = [self.servers[index % 2].browser() for index in range(20)]
        tokens = [stack.csrf_token(browser.get(path).body) for browser in browsers]
        password = "racer lantern orbit staple"
        replies = run_together([
            lambda index=index: browsers[index].post(path, {
                "csrf_token": tokens[index], "password": password, "confirm_password": password})
            for index in range(20)])
        self.assertEqual(sorted(reply.location for reply in replies).count("/login"), 1)

    def test_the_per_address_limit_counts_requests_to_both_servers(self):
        a, b = self.servers
        address = self.new_account()
        browser = a.browser()
        self.assertIn(MAIL_SENT, flash_after(browser, request_reset(browser, address)).body)
        refused = request_reset(b.browser(), address)
        self.assertEqual(refused.status, 200, refused.location)
        self.assertIn(TOO_SOON, refused.body)
        settle_mail(b, len(b.mails()))
        self.assertEqual(len(mails_to(a, address)) + len(mails_to(b, address)), 1)

    def test_a_session_from_one_server_is_valid_on_the_other(self):
        a, b = self.servers
        address = self.new_account()
        browser = log_in(a, address, PASSWORD)
        other = b.browser()
        other.cookies = dict(browser.cookies)
        self.assertTrue(is_logged_in(other, address.split("@")[0]))


if __name__ == "__main__":
    unittest.main()
