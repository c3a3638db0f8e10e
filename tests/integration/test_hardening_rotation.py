"""Secret rotation end to end: after a restart with a new current secret and the old one in
old_secret_key_files, links, sessions and forms made under the old secret still work and
new links are signed with the new one; once the old secret is removed, they stop."""
import os
import secrets
import tempfile
import unittest

import stack
from hardening import (INVALID_LINK, NEW_PASSWORD, PASSWORD, PASSWORD_UPDATED, flash_after,
                       is_logged_in, link_path, log_in, mails_to, request_reset, run_tool,
                       set_password, token_of)


def write_secret(path):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as secret:
        secret.write(secrets.token_hex(48) + "\n")
    return path


def only_secret_config(directory, name, secret_path):
    """A config holding just one secret, for `pwreset token verify`."""
    path = os.path.join(directory, name)
    with open(path, "w") as config:
        config.write(f"secret_key_file = {secret_path}\n")
    return path


def restart(instance, browsers, **overrides):
    """Stops the instance, changes its config (None drops a key) and starts it again on a
    new port, where the browsers follow with their cookies."""
    instance.stop()
    instance.overrides.update(overrides)
    instance.start()
    for browser in browsers:
        browser.port = instance.port


class SecretRotationTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name
        self.instance = stack.Stack(self.dir).start()
        self.addCleanup(self.instance.stop)
        self.secret_a = self.instance.secret_path
        self.secret_b = write_secret(os.path.join(self.dir, "secret-b.key"))
        self.only_a = only_secret_config(self.dir, "only-a.conf", self.secret_a)
        self.only_b = only_secret_config(self.dir, "only-b.conf", self.secret_b)
        for name in ("walter", "zelda"):
            self.instance.add_user(name, f"{name}@example.org", PASSWORD)

    def mailed_link(self, address):
        """Asks for a reset link through the site; the path of the link mailed."""
        before = len(mails_to(self.instance, address))
        browser = self.instance.browser()
        self.assertEqual(request_reset(browser, address).status, 302)
        [message] = mails_to(self.instance, address)[before:]
        [link] = stack.reset_links(message)
        return link_path(link)

    def signed_by(self, path):
        """Which of the two secrets alone verifies the link's token: "A", "B" or None."""
        for name, config in (("A", self.only_a), ("B", self.only_b)):
            if run_tool(config, "token", "verify", token_of(path)).returncode == 0:
                return name
        return None

    def test_old_links_and_sessions_work_until_the_old_secret_is_removed(self):
        session = log_in(self.instance, "walter@example.org", PASSWORD)
        old_link = self.mailed_link("walter@example.org")
        other_old_link = self.mailed_link("zelda@example.org")
        early_form = self.instance.browser()
        early_token = stack.csrf_token(early_form.get("/reset_password").body)
        self.assertEqual(self.signed_by(old_link), "A")

        restart(self.instance, [session, early_form],
                secret_key_file=self.secret_b, old_secret_key_files=self.secret_a)
        self.assertTrue(is_logged_in(session, "walter"))
        self.assertEqual(self.instance.browser().get(old_link).status, 200)
        # A form loaded before the restart can still be sent.
        reply = early_form.post("/reset_password", {"csrf_token": early_token,
                                                    "email": "walter@example.org"})
        self.assertEqual(reply.status, 302, reply.body[:1000])
        new_link = self.mailed_link("zelda@example.org")
        self.assertEqual(self.signed_by(new_link), "B")
        # The old link sets a password, start to finish.
        browser = self.instance.browser()
        done = set_password(browser, other_old_link, NEW_PASSWORD)
        self.assertEqual(done.status, 302, done.body[:1000])
        self.assertIn(PASSWORD_UPDATED, flash_after(browser, done).body)
        log_in(self.instance, "zelda@example.org", NEW_PASSWORD)

        restart(self.instance, [session], old_secret_key_files=None)
        self.assertFalse(is_logged_in(session, "walter"))
        browser = self.instance.browser()
        refused = browser.get(old_link)
        self.assertEqual(refused.status, 302)
        self.assertIn(INVALID_LINK, flash_after(browser, refused).body)
        # Links signed with the current secret are untouched by the removal.
        fresh_link = self.mailed_link("walter@example.org")
        self.assertEqual(self.instance.browser().get(fresh_link).status, 200)
