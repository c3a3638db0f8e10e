"""Logging in: failed logins are throttled per account and per client address without
running bcrypt, `next` only ever leads to a path on this site, and every page hashes with
the configured bcrypt cost (the decoy for unknown emails too)."""
import math
import statistics
import time

import stack
from hardening import (NEW_PASSWORD, PASSWORD, InstanceTest, password_hash, register,
                       set_password, tool_link_path)

LOGIN_FAILED = "Login Unsuccessful. Please check email and password"
ACCOUNT_THROTTLED = "Too many failed logins for this account. Please wait {} or reset your password."
NETWORK_THROTTLED = "Too many failed logins came from your network. Please try again in an hour."


def attempt(instance, email_address, password, query=""):
    """GETs the login form, then POSTs it; (Reply, seconds the POST took, browser)."""
    browser = instance.browser()
    token = stack.csrf_token(browser.get("/login").body)
    started = time.perf_counter()
    reply = browser.post("/login" + query, {"csrf_token": token, "email": email_address,
                                            "password": password})
    return reply, time.perf_counter() - started, browser


class LoginTest(InstanceTest):
    USERS = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in cls.USERS:
            cls.instance.add_user(name, f"{name}@example.org", PASSWORD)

    def failed(self, email_address, password="wrong " + PASSWORD):
        """One refused login with the seed's message; the seconds it took."""
        reply, seconds, browser = attempt(self.instance, email_address, password)
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn(LOGIN_FAILED, reply.body)
        self.assertNotIn(self.instance.cookie("session"), browser.cookies)
        return seconds

    def throttled(self, email_address, password, message):
        """One login refused before any password check, with message; the seconds it took."""
        reply, seconds, browser = attempt(self.instance, email_address, password)
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn(message, reply.body)
        self.assertNotIn(LOGIN_FAILED, reply.body)
        self.assertNotIn(self.instance.cookie("session"), browser.cookies)
        return seconds

    def logged_in(self, email_address, password=PASSWORD, query=""):
        """One accepted login; its Location."""
        reply, _, browser = attempt(self.instance, email_address, password, query)
        self.assertEqual(reply.status, 302, reply.body[:2000])
        self.assertIn(self.instance.cookie("session"), browser.cookies)
        return reply.location


class AccountThrottleAtCost12Test(LoginTest):
    OPTIONS = {"bcrypt_cost": 12, "throttle_login_account": 10}
    USERS = ("alice", "bob", "carol")

    def test_the_11th_failed_login_for_an_account_is_refused_without_bcrypt(self):
        checked = [self.failed("alice@example.org") for _ in range(10)]
        # A cost-12 bcrypt check takes this long at least, so the refusals below ran none.
        self.assertGreater(statistics.median(checked), 0.05)
        message = ACCOUNT_THROTTLED.format("15 minutes")
        refused = [self.throttled(address, password, message) for address, password in [
            ("alice@example.org", "wrong " + PASSWORD), ("ALICE@example.org", "wrong " + PASSWORD),
            ("alice@example.org", PASSWORD)]]
        print(f"\n    cost-12 checks: median {statistics.median(checked) * 1000:.1f} ms; "
              f"refusals: median {statistics.median(refused) * 1000:.1f} ms", flush=True)
        self.assertLess(statistics.median(refused), 0.02)
        self.assertEqual(self.logged_in("bob@example.org"), "/")

    def test_pages_store_hashes_of_the_configured_cost(self):
        self.assertEqual(register(self.instance.browser(), "newcomer", "newcomer@example.org").status, 302)
        self.assertTrue(password_hash(self.instance, "newcomer@example.org").startswith("$2b$12$"))

        before = password_hash(self.instance, "carol@example.org")
        path = tool_link_path(self.instance, "carol@example.org")
        self.assertEqual(set_password(self.instance.browser(), path, NEW_PASSWORD).status, 302)
        after = password_hash(self.instance, "carol@example.org")
        self.assertNotEqual(after, before)
        self.assertTrue(after.startswith("$2b$12$"), after)


class AccountThrottleWindowTest(LoginTest):
    OPTIONS = {"throttle_login_account": 10, "throttle_login_account_seconds": 3}
    USERS = ("dora", "erin", "frank", "gina")

    def test_a_correct_password_works_again_after_the_window(self):
        for _ in range(10):
            self.failed("dora@example.org")
        last_failure = math.floor(time.time())
        self.throttled("dora@example.org", PASSWORD, ACCOUNT_THROTTLED.format("a minute"))
        # Attempts are stored in whole seconds; the window has passed 3 s after the last.
        time.sleep(max(0.0, last_failure + 3.05 - time.time()))
        self.assertEqual(self.logged_in("dora@example.org"), "/")

    def test_a_successful_login_clears_the_accounts_failures(self):
        for _ in range(9):
            self.failed("erin@example.org")
        self.logged_in("erin@example.org")
        for _ in range(9):
            self.failed("erin@example.org")
        # 18 failures within the window, but only 9 since the last success.
        self.logged_in("erin@example.org")

    def test_an_unknown_email_costs_the_configured_bcrypt_too(self):
        # bcrypt_cost is 4 here: an unknown email must not take a cost-12 check's time.
        unknown = [self.failed("nobody@example.org") for _ in range(5)]
        known = [self.failed("frank@example.org") for _ in range(5)]
        print(f"\n    unknown email: {statistics.median(unknown) * 1000:.1f} ms, "
              f"wrong password: {statistics.median(known) * 1000:.1f} ms", flush=True)
        self.assertLess(abs(statistics.median(unknown) - statistics.median(known)), 0.05)

    def test_next_leads_only_to_a_path_on_this_site(self):
        local = [("/home", "/home"), ("/reset_password", "/reset_password"),
                 ("/home%3Ftab%3Dposts", "/home?tab=posts")]
        # Raw query strings: the page sees each value decoded once.
        elsewhere = ["/%09/evil.example", "%09/evil.example", "/%0A/evil.example",
                     "/%0D%0ASet-Cookie:%20x=1", "/%5Cevil.example", "/%5C/evil.example",
                     "//evil.example", "%2F%2Fevil.example", "/%2F%2Fevil.example",
                     "/%252F%252Fevil.example", "/%252f/evil.example", "/%2509/evil.example",
                     "https://evil.example", "https:%2F%2Fevil.example", "javascript:alert(1)",
                     "/%20/evil.example", "evil.example"]
        for query, expected in local + [(value, "/") for value in elsewhere]:
            with self.subTest(next=query):
                self.assertEqual(self.logged_in("gina@example.org", query="?next=" + query), expected)


class NetworkThrottleTest(LoginTest):
    OPTIONS = {"throttle_login_ip_per_hour": 3}
    USERS = ("hana", "ivan")

    def test_the_4th_failed_login_from_one_client_is_refused_for_every_account(self):
        for address in ("hana@example.org", "ivan@example.org", "nobody@example.org"):
            self.failed(address)
        self.throttled("ivan@example.org", PASSWORD, NETWORK_THROTTLED)
        self.throttled("hana@example.org", PASSWORD, NETWORK_THROTTLED)
