"""The reset mail through a real MTA (Debian's exim4) into a mailbox: headers that parse, the
seed's text beside an HTML part, a link that works, and then the password-changed notice.
The exim is the test's own: its configuration, spool, logs and maildir live in a temporary
folder and it runs without root, so the machine's mail setup and accounts stay as they are."""
import email
import email.policy
import glob
import html.parser
import os
import pathlib
import pwd
import re
import subprocess
import tempfile
import time
import unittest
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import stack
import web_site
from web_site import StackTestCase, link_path, submit

EXIM = "/usr/sbin/exim4"
SETPRIV = "/usr/bin/setpriv"
# Reserved for testing (RFC 2606); the form wants a dot in the domain, so plain
# "localhost" would not do.
DOMAIN = "pwreset.test"
USERNAME = "mailreader"
ADDRESS = f"{USERNAME}@{DOMAIN}"
NOTICE_SUBJECT = "Your password has been changed"
DELIVERY_SECONDS = 30

# Every address in DOMAIN lands in one maildir; any other is unrouteable (there is no
# remote router, so nothing leaves the machine) and its bounce lands there too.
# exim_user is the account exim runs as: exim checks it, and only that account may own
# the spool and receive the deliveries once -C has made exim give up root.
EXIM_CONFIG = """\
primary_hostname = {domain}
qualify_domain = {domain}
exim_user = {uid}
exim_group = {gid}
spool_directory = {dir}/spool
log_file_path = {dir}/log/%slog
keep_environment =

begin routers
test_domain:
  driver = accept
  domains = {domain}
  transport = maildir

begin transports
maildir:
  driver = appendfile
  directory = {dir}/maildir
  maildir_format
  user = {uid}
  group = {gid}
"""


def exim_account():
    """(uid, gid, command prefix) for running exim unprivileged: as the caller, or, for
    root, as nobody (Debian's exim never delivers as root, whatever the configuration)."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid(), [EXIM]
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid, [SETPRIV, f"--reuid={nobody.pw_uid}",
                                          f"--regid={nobody.pw_gid}", "--clear-groups", EXIM]


class PrivateExim:
    """An exim whose configuration, spool, logs and maildir are all in one temporary folder."""

    def __init__(self):
        uid, gid, prefix = exim_account()
        self.tmp = tempfile.TemporaryDirectory(prefix="pwreset-exim-")
        self.dir = os.path.realpath(self.tmp.name)
        if re.search(r"\s", self.dir):
            raise AssertionError(f"{self.dir!r}: pwreset splits its sendmail command on blanks")
        config = os.path.join(self.dir, "exim.conf")
        with open(config, "w") as out:
            out.write(EXIM_CONFIG.format(domain=DOMAIN, uid=uid, gid=gid, dir=self.dir))
        os.mkdir(os.path.join(self.dir, "log"))
        for path in (self.dir, config, os.path.join(self.dir, "log")):
            os.chown(path, uid, gid)
        self.command = [*prefix, "-C", config]

    def sendmail(self):
        """pwreset's sendmail setting; -odi: the message is delivered before exim exits."""
        return " ".join([*self.command, "-odi", "-t", "-i"])

    def messages(self):
        """The delivered messages, parsed; a maildir message appears in new/ whole."""
        return [email.message_from_bytes(pathlib.Path(path).read_bytes(), policy=email.policy.default)
                for path in sorted(glob.glob(os.path.join(self.dir, "maildir", "new", "*")))]

    def delivered(self, count):
        """The delivered messages once there are at least `count`; fails after a while."""
        deadline = time.monotonic() + DELIVERY_SECONDS
        while len(found := self.messages()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} messages delivered after "
                                     f"{DELIVERY_SECONDS} s; exim's queue:\n{self.queue()}")
            time.sleep(0.1)
        return found

    def queue(self):
        """exim's queue and the log of each message on it, to explain a missing delivery."""
        listed = subprocess.run([*self.command, "-bp"], capture_output=True, text=True, timeout=30)
        logs = [pathlib.Path(path).read_text(errors="replace")
                for path in sorted(glob.glob(os.path.join(self.dir, "spool", "msglog", "*")))]
        return "\n".join([listed.stdout + listed.stderr, *logs])

    def remove(self):
        self.tmp.cleanup()


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


@unittest.skipUnless(os.access(EXIM, os.X_OK), f"{EXIM} is not installed "
                                               "(scripts/install-deps installs exim4-daemon-light)")
class RealMailTransport(StackTestCase):
    @classmethod
    def setUpClass(cls):
        cls.exim = PrivateExim()
        cls.addClassCleanup(cls.exim.remove)
        cls.options = {"sendmail": cls.exim.sendmail()}
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
        self.stack.add_user(USERNAME, ADDRESS, web_site.OLD_PASSWORD)
        reply = submit(self.stack.browser(), "/reset_password", {"email": ADDRESS})
        self.assertEqual((reply.status, reply.location), (302, "/login"), reply.body[:2000])

        [reset] = self.exim.delivered(1)
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

        messages = self.exim.delivered(2)
        self.assertEqual(len(messages), 2, [message["Subject"] for message in messages])
        [notice] = [message for message in messages if message["Subject"] == NOTICE_SUBJECT]
        self.assert_headers(notice, NOTICE_SUBJECT)
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
