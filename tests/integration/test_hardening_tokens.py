"""When a reset link or a session stops working: a link after its reset, after any later
password change, with alg none or HS256, with any byte changed, or past token_max_age;
a session once the account's password has changed; a link from the Flask app once another
was used, after a password change, or past token_max_age from its iat."""
import base64
import hashlib
import hmac
import json
import time

import stack
from hardening import (INVALID_LINK, NEW_PASSWORD, PASSWORD, InstanceTest, database, flash_after,
                       is_logged_in, log_in, password_hash, set_password, token_of,
                       tool_link_path)

MAX_AGE = 600
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def forge(secret, header, payload_json, digest=hashlib.sha512, signature=None):
    """A token built here, the way an attacker who knew the secret would build one."""
    signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + b64(payload_json)
    if signature is None:
        signature = hmac.new(secret, signing_input.encode(), digest).digest()
    return signing_input + "." + b64(signature)


def changed_at(token, position, flip):
    """token with the character at position replaced: a base64url digit by the one whose
    6-bit value differs in the bits of flip (1 reaches a segment's unused trailing bits),
    a '.' by 'A'."""
    old = token[position]
    new = "A" if old == "." else ALPHABET[ALPHABET.index(old) ^ flip]
    return token[:position] + new + token[position + 1:]


class LinkTest(InstanceTest):
    """An instance whose secret the tests know, and the two answers a link can get."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(cls.instance.secret_path, "rb") as secret:
            cls.secret = secret.read().rstrip(b"\n")

    def assert_accepted(self, path):
        reply = self.instance.browser().get(path)
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn('name="confirm_password"', reply.body)

    def assert_refused(self, path, follow=True):
        browser = self.instance.browser()
        reply = browser.get(path)
        self.assertEqual((reply.status, reply.location), (302, "/reset_password"))
        if follow:
            self.assertIn(INVALID_LINK, flash_after(browser, reply).body)


class TokenRefusalTest(LinkTest):
    OPTIONS = {"token_max_age": MAX_AGE}

    def add_user(self, name):
        address = f"{name}@example.org"
        self.instance.add_user(name, address, PASSWORD)
        return address

    def payload_of(self, path):
        """The exact payload bytes of a link's token."""
        return unb64(token_of(path).split(".")[1])

    def test_a_link_is_refused_after_its_reset(self):
        address = self.add_user("once")
        path = tool_link_path(self.instance, address)
        self.assertEqual(set_password(self.instance.browser(), path, NEW_PASSWORD).status, 302)
        changed = password_hash(self.instance, address)
        self.assert_refused(path)
        # Posting straight to the spent link (a CSRF pair from another page) changes nothing.
        browser = self.instance.browser()
        token = stack.csrf_token(browser.get("/reset_password").body)
        again = browser.post(path, {"csrf_token": token, "password": PASSWORD + " again",
                                    "confirm_password": PASSWORD + " again"})
        self.assertEqual((again.status, again.location), (302, "/reset_password"))
        self.assertEqual(password_hash(self.instance, address), changed)

    def test_a_link_is_refused_after_a_later_password_change(self):
        address = self.add_user("changed")
        path = tool_link_path(self.instance, address)
        self.assert_accepted(path)
        self.instance.tool("user", "passwd", "--email", address, input=NEW_PASSWORD + "\n")
        self.assert_refused(path)

    def test_a_link_with_another_algorithm_is_refused(self):
        address = self.add_user("algorithm")
        payload = self.payload_of(tool_link_path(self.instance, address))
        now = int(time.time())
        header = {"alg": "HS512", "iat": now, "exp": now + MAX_AGE}
        # The same construction with HS512 is taken, so each refusal below is the algorithm's.
        self.assert_accepted("/reset_password/" + forge(self.secret, header, payload))
        forged = {
            "none, no signature": forge(self.secret, dict(header, alg="none"), payload, signature=b""),
            "none, HS512 signature": forge(self.secret, dict(header, alg="none"), payload),
            "HS256": forge(self.secret, dict(header, alg="HS256"), payload, digest=hashlib.sha256),
            "HS256 label, HS512 signature": forge(self.secret, dict(header, alg="HS256"), payload),
            "hs512": forge(self.secret, dict(header, alg="hs512"), payload),
        }
        for what, token in forged.items():
            with self.subTest(what):
                self.assert_refused("/reset_password/" + token)

    def test_a_link_with_any_character_changed_is_refused(self):
        address = self.add_user("tampered")
        path = tool_link_path(self.instance, address)
        token = token_of(path)
        self.assert_accepted(path)
        for flip in (1, 32):
            for position in range(len(token)):
                with self.subTest(position=position, flip=flip):
                    self.assert_refused("/reset_password/" + changed_at(token, position, flip),
                                        follow=False)
        self.assert_accepted(path)

    def test_a_link_is_refused_after_token_max_age(self):
        address = self.add_user("late")
        payload = self.instance.tool("token", "verify", token_of(
            tool_link_path(self.instance, address))).stdout.strip()
        now = int(time.time())

        def minted_at(moment):
            return "/reset_password/" + self.instance.tool(
                "token", "mint", "--payload", payload, "--now", str(moment)).stdout.strip()

        self.assert_accepted(minted_at(now - MAX_AGE + 60))
        self.assert_refused(minted_at(now - MAX_AGE - 10))
        # A header claiming a later exp would need a signature: forged here, it is refused.
        late = {"alg": "HS512", "iat": now - MAX_AGE - 10, "exp": now - 10}
        self.assert_refused("/reset_password/" + forge(self.secret, late, payload.encode()))

    def test_a_session_is_refused_after_the_password_changes(self):
        address = self.add_user("sessions")
        by_tool = log_in(self.instance, address, PASSWORD)
        self.assertTrue(is_logged_in(by_tool, "sessions"))
        self.instance.tool("user", "passwd", "--email", address, input=NEW_PASSWORD + "\n")
        self.assertFalse(is_logged_in(by_tool, "sessions"))

        by_link = log_in(self.instance, address, NEW_PASSWORD)
        path = tool_link_path(self.instance, address)
        self.assertEqual(set_password(self.instance.browser(), path, PASSWORD).status, 302)
        self.assertFalse(is_logged_in(by_link, "sessions"))
        self.assertTrue(is_logged_in(log_in(self.instance, address, PASSWORD), "sessions"))


class LegacyLinkTest(LinkTest):
    """Links the Flask app mailed (legacy_tokens = yes) carry no password fingerprint."""
    OPTIONS = {"token_max_age": MAX_AGE, "legacy_tokens": "yes"}

    def add_user(self, name):
        """A new account; its id, as the Flask app's links name it."""
        address = f"{name}@example.org"
        self.instance.add_user(name, address, PASSWORD)
        with database(self.instance) as db:
            return address, db.execute("SELECT id FROM user WHERE email = ?", (address,)).fetchone()[0]

    def flask_link(self, user_id, issued_at, lifetime=MAX_AGE):
        """A link as the Flask app signed it: {"user_id": N} only, exp = iat + lifetime."""
        header = {"alg": "HS512", "iat": issued_at, "exp": issued_at + lifetime}
        return "/reset_password/" + forge(self.secret, header, json.dumps({"user_id": user_id}).encode())

    def test_one_used_legacy_link_ends_the_others(self):
        _, user_id = self.add_user("legacy-twice")
        now = int(time.time())
        first, second = self.flask_link(user_id, now - 120), self.flask_link(user_id, now - 60)
        self.assert_accepted(second)
        self.assertEqual(set_password(self.instance.browser(), first, NEW_PASSWORD).status, 302)
        self.assert_refused(second)
        self.assert_refused(first)

    def test_a_legacy_link_issued_before_a_password_change_by_the_tool_is_refused(self):
        address, user_id = self.add_user("legacy-tool")
        earlier = self.flask_link(user_id, int(time.time()) - 60)
        self.assert_accepted(earlier)
        self.instance.tool("user", "passwd", "--email", address, input=NEW_PASSWORD + "\n")
        self.assert_refused(earlier)
        with database(self.instance) as db:
            [changed_at] = db.execute("SELECT changed_at FROM pwreset_password_changes WHERE user_id = ?",
                                      (user_id,)).fetchone()
        # A link the Flask app issued after the change still works.
        self.assert_accepted(self.flask_link(user_id, changed_at + 1))

    def test_a_legacy_link_is_refused_after_token_max_age_whatever_its_exp(self):
        _, user_id = self.add_user("legacy-late")
        now = int(time.time())
        self.assert_accepted(self.flask_link(user_id, now - MAX_AGE + 60, lifetime=86400))
        self.assert_refused(self.flask_link(user_id, now - MAX_AGE - 10, lifetime=86400))
