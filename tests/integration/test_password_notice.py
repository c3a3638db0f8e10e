"""The 'Your password has been changed' notice: sent after each successful reset, never after a
refused one, never with a reset link in it, and not at all with notify_password_change = no."""
import re
import time

from web_site import NEW_PASSWORD, StackTestCase, link_path, submit

NOTICE_SUBJECT = "Your password has been changed"


class NoticeTestCase(StackTestCase):
    def notices(self, address):
        return [message for message in self.stack.mails()
                if message["To"] == address and message["Subject"] == NOTICE_SUBJECT]

    def choose_password(self, link, confirmation=NEW_PASSWORD):
        return submit(self.stack.browser(), link_path(link),
                      {"password": NEW_PASSWORD, "confirm_password": confirmation})


class PasswordChangedNotice(NoticeTestCase):
    def wait_for_notices(self, address, count):
        deadline = time.monotonic() + 5
        while len(found := self.notices(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    def test_a_reset_sends_one_notice_without_a_link(self):
        _, address = self.new_account()
        link = self.mailed_link(address)
        refused = self.choose_password(link, confirmation="something else entirely")
        self.assertEqual(refused.status, 200)
        changed = self.choose_password(link)
        self.assertEqual((changed.status, changed.location), (302, "/login"))

        # A notice for the refused attempt would have been sent first; there is one only.
        [notice] = self.wait_for_notices(address, 1)
        self.assertEqual(notice["From"], "noreply@demo.com")
        self.assertEqual(notice.get_content_type(), "text/plain")
        text = notice.get_content()
        self.assertRegex(text, r"was changed on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.")
        self.assertIn(f"\n{self.stack.base_url}/reset_password\n", text)
        self.assertIsNone(re.search(r"/reset_password/", text), "the notice holds a reset link")
        self.assertNotIn(link_path(link).rsplit("/", 1)[1], text)

    def test_each_reset_sends_its_own_notice(self):
        _, address = self.new_account()
        for count in (1, 2):
            self.assertEqual(self.choose_password(self.mailed_link(address)).status, 302)
            self.assertEqual(len(self.wait_for_notices(address, count)), count)


class NoticeTurnedOff(NoticeTestCase):
    options = {"notify_password_change": False}

    def test_no_notice_when_turned_off(self):
        _, address = self.new_account()
        self.assertEqual(self.choose_password(self.mailed_link(address)).status, 302)
        # The notice, when on, arrives within milliseconds; a second is ample to be sure.
        time.sleep(1)
        self.assertEqual(self.notices(address), [])
