"""New passwords on /register and on a reset link: too short, over bcrypt's 72 bytes, a
dictionary word, or the account's own name are refused, each with its reason; a good one
is taken."""
import html

import stack
from hardening import (PASSWORD, PASSWORD_UPDATED, InstanceTest, flash_after, log_in,
                       password_hash, set_password, tool_link_path)

GOOD = "lantern orbit staple quietly"
TOO_SHORT = "Field must be at least 15 characters long."
GUESSABLE = "Password is too easy to guess: The password fails the dictionary check"
PERSONAL = "Password must not contain your username or the name in your email address."
# (what, password, the message that must appear) for username "rita" and an email whose
# local part is "marguerite.b": the account on reset, the form's own values on register.
REFUSED = [
    ("too short", "fourteen chars", TOO_SHORT),
    ("73 bytes", "x" * 73, "at most 72 bytes long: bcrypt"),
    ("72 bytes of two-byte letters plus one", "\u00e4" * 36 + "x", "at most 72 bytes long: bcrypt"),
    ("dictionary word", "password123456789", GUESSABLE),
    ("username", "my name is Rita, hello there", PERSONAL),
    ("email local part", "orbit staple marguerite.b 7", PERSONAL),
]


def error_messages(page):
    """The text of the form's invalid-feedback blocks, unescaped."""
    parts = page.split('class="invalid-feedback"')[1:]
    return [html.unescape(part.split("</div>")[0]) for part in parts]


class NewPasswordTest(InstanceTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance.add_user("rita", "marguerite.b@example.org", PASSWORD)

    def register(self, username, email_address, password):
        browser = self.instance.browser()
        form = browser.get("/register")
        return browser.post("/register", {
            "csrf_token": stack.csrf_token(form.body), "username": username,
            "email": email_address, "password": password, "confirm_password": password})

    def assert_refused(self, reply, message, password):
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn(message, " ".join(error_messages(reply.body)))
        # The typed password is never sent back into the page.
        self.assertNotIn(html.escape(password), reply.body)

    def test_register_refuses_weak_passwords_with_the_reason(self):
        for what, password, message in REFUSED:
            with self.subTest(what):
                # Password checks come first: "rita" being taken is not what refuses these.
                reply = self.register("rita", "marguerite.b@example.net", password)
                self.assert_refused(reply, message, password)
        accounts = self.instance.tool("user", "list").stdout
        self.assertNotIn("marguerite.b@example.net", accounts)

    def test_register_accepts_a_good_password(self):
        reply = self.register("newcomer", "newcomer@example.org", GOOD)
        self.assertEqual(reply.status, 302, reply.body[:1000])
        self.assertEqual(reply.location, "/login")
        log_in(self.instance, "newcomer@example.org", GOOD)

    def test_reset_refuses_weak_passwords_with_the_reason(self):
        before = password_hash(self.instance, "marguerite.b@example.org")
        path = tool_link_path(self.instance, "marguerite.b@example.org")
        for what, password, message in REFUSED:
            with self.subTest(what):
                self.assert_refused(set_password(self.instance.browser(), path, password), message,
                                    password)
        self.assertEqual(password_hash(self.instance, "marguerite.b@example.org"), before)

    def test_reset_accepts_a_good_password(self):
        self.instance.add_user("rosalind", "rosalind@example.org", PASSWORD)
        path = tool_link_path(self.instance, "rosalind@example.org")
        browser = self.instance.browser()
        # A refusal leaves the link usable.
        self.assert_refused(set_password(browser, path, "password123456789"), GUESSABLE,
                            "password123456789")
        reply = set_password(browser, path, GOOD)
        self.assertEqual(reply.status, 302, reply.body[:1000])
        self.assertIn(PASSWORD_UPDATED, flash_after(browser, reply).body)
        log_in(self.instance, "rosalind@example.org", GOOD)
