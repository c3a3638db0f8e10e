"""The reset mail through the host's real MTA (Debian's exim4) into a local account's mailbox:
headers that parse, the seed's text beside an HTML part, a link that works, and then the
password-changed notice. Needs root: it makes the account and reads /var/mail."""
import email
import email.policy
import html.parser
import mailbox
import os
import pwd
import re
import subprocess
import time
import unittest
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import stack
import web_site
from web_site import StackTestCase, link_path, submit

ACCOUNT = "pwresettest"
# Reserved for testing (RFC 2606); the form wants a dot in the domain, so plain
# "localhost" would not do, and exim is told below to deliver it locally.
DOMAIN = "pwreset.test"
ADDRESS = f"{ACCOUNT}@{DOMAIN}"
MAILBOX = f"/var/mail/{ACCOUNT}"
EXIM = "/usr/sbin/exim4"
EXIM_SETTINGS = "/etc/exim4/update-exim4.conf.conf"
SENDMAIL = "/usr/sbin/sendmail"
DELIVERY_SECONDS = 30


def ensure_account():
    """The local account the mail goes to, with the home directory exim changes into."""
    try:
        entry = pwd.getpwnam(ACCOUNT)
    except KeyError:
        subprocess.run(["useradd", "--system", "--create-home", "--home-dir", f"/var/lib/{ACCOUNT}",
                        "--shell", "/usr/sbin/nologin", ACCOUNT], check=True, capture_output=True)
        entry = pwd.getpwnam(ACCOUNT)
    if not os.path.isdir(entry.pw_dir):
        os.makedirs(entry.pw_dir, mode=0o700)
        os.chown(entry.pw_dir, entry.pw_uid, entry.pw_gid)


def exim_route():
    """What `exim4 -bt` says about ADDRESS: (delivered locally?, its output)."""
    routed = subprocess.run([EXIM, "-bt", ADDRESS], capture_output=True, text=True, timeout=30)
    output = routed.stdout + routed.stderr
    return routed.returncode == 0 and "router = local_user" in output, output


def regenerate_exim_config():
    subprocess.run(["update-exim4.conf"], check=True, capture_output=True, timeout=60)


def deliver_test_domain_locally(test):
    """Adds DOMAIN to exim's local domains (dc_other_hostnames) unless it is one already, and
    registers the restore of the admin's settings as a cleanup of test."""
    local, _ = exim_route()
    if local:
        return
    with open(EXIM_SETTINGS) as settings:
        original = settings.read()
    line = re.search(r"^dc_other_hostnames='([^']*)'$", original, re.M)
    if not line:
        raise AssertionError(f"{EXIM_SETTINGS} has no dc_other_hostnames line to add {DOMAIN} to")
    domains = f"{line.group(1)}:{DOMAIN}" if line.group(1) else DOMAIN
    changed = original[:line.start(1)] + domains + original[line.end(1):]

    def restore():
        with open(EXIM_SETTINGS, "w") as settings:
            settings.write(original)
        regenerate_exim_config()

    with open(EXIM_SETTINGS, "w") as settings:
        settings.write(changed)
    test.addClassCleanup(restore)
    regenerate_exim_config()


def remove_mailbox():
    if os.path.exists(MAILBOX):
        os.remove(MAILBOX)


def read_mailbox():
    """The raw messages in the mailbox; none while it is missing or exim holds its lock."""
    if not os.path.exists(MAILBOX):
        return []
    box = mailbox.mbox(MAILBOX, create=False)
    try:
        box.lock()
    except mailbox.ExternalClashError:
        return []
    try:
        return [box.get_bytes(key) for key in box.keys()]
    finally:
        box.unlock()
        box.close()


def delivered(count):
    """The first `count` messages in the account's mailbox, parsed; fails after a while."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        raw = read_mailbox()
        if len(raw) >= count:
            return [email.message_from_bytes(data, policy=email.policy.default) for data in raw[:count]]
        if time.monotonic() > deadline:
            queue = subprocess.run([EXIM, "-bp"], capture_output=True, text=True).stdout
            raise AssertionError(f"fewer than {count} messages in {MAILBOX} after {DELIVERY_SECONDS} s; "
                                 f"exim's queue:\n{queue}")
        time.sleep(0.1)


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.remote = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            self.hrefs.append(attributes.get("href"))
        for name in ("src", "background", "srcset"):
            if name in attributes:
                self.remote.append(f"<{tag} {name}=...>")
        if tag == "link":
            self.remote.append("<link>")


@unittest.skipUnless(os.geteuid() == 0, "needs root: it creates the local account "
                                        f"{ACCOUNT} and reads {MAILBOX}")
class RealMailTransport(StackTestCase):
    options = {"sendmail": f"{SENDMAIL} -t -i"}

    @classmethod
    def setUpClass(cls):
        for program in (SENDMAIL, EXIM):
            if not os.access(program, os.X_OK):
                raise AssertionError(f"{program} is missing: scripts/install-deps installs "
                                     "exim4-daemon-light")
        ensure_account()
        deliver_test_domain_locally(cls)
        local, output = exim_route()
        if not local:
            raise AssertionError(f"exim does not deliver {ADDRESS} to a local mailbox:\n{output}")
        remove_mailbox()
        cls.addClassCleanup(remove_mailbox)
        super().setUpClass()

    def assert_headers(self, message, subject):
        self.assertEqual(message["From"], "noreply@demo.com")
        self.assertEqual(message["To"], ADDRESS)
        self.assertEqual(message["Subject"], subject)
        self.assertEqual(message["MIME-Version"], "1.0")
        self.assertEqual(message["Auto-Submitted"], "auto-generated")
        self.assertRegex(message["Message-ID"], r"^<[0-9a-f]{32}@demo\.com>$")
        sent = parsedate_to_datetime(message["Date"])
        self.assertLess(abs(datetime.now(timezone.utc) - sent), timedelta(minutes=5))
        self.assertIn("Exim", message["Received"], "the message did not pass through exim")
        self.assertEqual(message.defects, [])

    def test_reset_mail_and_notice_arrive_through_exim(self):
        self.stack.add_user(ACCOUNT, ADDRESS, web_site.OLD_PASSWORD)
        reply = submit(self.stack.browser(), "/reset_password", {"email": ADDRESS})
        self.assertEqual((reply.status, reply.location), (302, "/login"), reply.body[:2000])

        [reset] = delivered(1)
        self.assert_headers(reset, web_site.RESET_SUBJECT)
        self.assertEqual(reset.get_content_type(), "multipart/alternative")
        plain, rich = reset.iter_parts()
        self.assertEqual((plain.get_content_type(), rich.get_content_type()), ("text/plain", "text/html"))
        [link] = stack.reset_links(reset)
        self.assertTrue(link.startswith(self.stack.base_url + "/reset_password/"))
        self.assertEqual(plain.get_content(), web_site.RESET_BODY.format(link=link))
        links = _Links()
        links.feed(rich.get_content())
        self.assertEqual(links.hrefs, [link])
        self.assertEqual(links.remote, [])
        self.assertIn("If you did not make this request, then simply ignore this email", rich.get_content())

        browser = self.stack.browser()
        changed = submit(browser, link_path(link), {"password": web_site.NEW_PASSWORD,
                                                    "confirm_password": web_site.NEW_PASSWORD})
        self.assertEqual((changed.status, changed.location), (302, "/login"), changed.body[:2000])
        self.log_in(ADDRESS, web_site.NEW_PASSWORD)

        notice = delivered(2)[1]
        self.assert_headers(notice, "Your password has been changed")
        self.assertEqual(notice.get_content_type(), "text/plain")
        text = notice.get_content()
        when = re.search(r"was changed on (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\.", text)
        self.assertIsNotNone(when, text)
        changed_at = datetime.strptime(when.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
        self.assertLess(abs(datetime.now(timezone.utc) - changed_at), timedelta(minutes=5))
        self.assertIn(f"\n{self.stack.base_url}/reset_password\n", text)
        self.assertNotIn("/reset_password/", text)
        self.assertNotIn(link_path(link).rsplit("/", 1)[1], text)


if __name__ == "__main__":
    unittest.main()
