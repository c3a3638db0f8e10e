"""Pages, flashes and mails in the visitor's language, chosen by Accept-Language over the real
stack: French for a Swiss French browser, English for a language not shipped, a German reset
mail whose link works, and the `languages` key limiting the choice."""
import html
import time

import stack
from web_site import NEW_PASSWORD, StackTestCase, field_errors, flashes, link_path, submit

SWISS_FRENCH = {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"}
# What Chromium started with --lang=de sends.
CHROMIUM_GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
GERMAN_SUBJECT = "Anfrage zum Zurücksetzen des Passworts"


class LanguageTestCase(StackTestCase):
    def assert_speaks(self, reply, language):
        self.assertIn(f'<html lang="{language}">', reply.body)
        self.assertEqual(reply.header("Content-Language"), language)
        self.assertEqual(reply.header("Vary"), "Accept-Language")


class ChosenByAcceptLanguage(LanguageTestCase):
    def test_a_swiss_french_browser_gets_french_pages(self):
        page = self.stack.browser().get("/login", headers=SWISS_FRENCH)
        self.assertEqual(page.status, 200)
        self.assert_speaks(page, "fr")
        self.assertIn('<label class="form-control-label" for="password">Mot de passe</label>', page.body)
        self.assertIn('value="Connexion"', page.body)
        self.assertIn("<title>Flask Blog - Connexion</title>", page.body)

    def test_a_flash_after_a_redirect_is_french(self):
        browser = self.stack.browser()
        _, address = self.new_account()
        sent = submit(browser, "/reset_password", {"email": address}, headers=SWISS_FRENCH)
        self.assertEqual((sent.status, sent.location), (302, "/login"))
        page = browser.get("/login", headers=SWISS_FRENCH)
        self.assertEqual(flashes(page.body), [
            ("info", "Un e-mail contenant les instructions pour réinitialiser votre mot de passe vous a été envoyé.")])
        self.assert_speaks(page, "fr")

    def test_form_errors_are_french(self):
        reply = submit(self.stack.browser(), "/reset_password", {"email": "nobody"}, headers=SWISS_FRENCH)
        self.assertEqual(reply.status, 200)
        self.assertEqual(field_errors(reply.body, "email"), ["Adresse e-mail invalide."])

    def test_a_language_not_shipped_gets_english(self):
        page = self.stack.browser().get("/login", headers={"Accept-Language": "ja-JP, ja;q=0.9"})
        self.assert_speaks(page, "en")
        self.assertIn('for="password">Password</label>', page.body)
        self.assertIn("Forgot Password?", page.body)

    def test_no_header_gets_english(self):
        self.assert_speaks(self.stack.browser().get("/login"), "en")

    def test_error_pages_are_translated_too(self):
        page = self.stack.browser().get("/reset_password", headers={"Accept-Language": "es"})
        self.assert_speaks(page, "es")
        refused = self.stack.browser().post("/reset_password", {"email": "a@example.com"},
                                            headers={"Accept-Language": "es"})
        self.assertEqual(refused.status, 400)
        self.assert_speaks(refused, "es")
        self.assertIn("<title>Flask Blog - Error 400</title>", refused.body)
        self.assertIn("Volver a la página de inicio", refused.body)

    def test_a_german_reset_mail_is_german_and_its_link_works(self):
        browser = self.stack.browser()
        _, address = self.new_account()
        sent = submit(browser, "/reset_password", {"email": address}, headers=CHROMIUM_GERMAN)
        self.assertEqual(sent.status, 302)
        [mail] = [m for m in self.stack.mails() if m["To"] == address and m["Subject"] == GERMAN_SUBJECT]
        text = mail.get_body(preferencelist=("plain",)).get_content()
        [link] = stack.reset_links(mail)
        self.assertEqual(text, "Um Ihr Passwort zurückzusetzen, öffnen Sie den folgenden Link:\n" + link +
                         "\n\nWenn Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail einfach; "
                         "es wird nichts geändert.\n")
        html_part = mail.get_body(preferencelist=("html",)).get_content()
        self.assertIn('<html lang="de">', html_part)
        self.assertIn(f"<title>{GERMAN_SUBJECT}</title>", html_part)

        form = browser.get(link_path(link), headers=CHROMIUM_GERMAN)
        self.assertEqual(form.status, 200)
        self.assertIn("Mindestens 15 Zeichen und höchstens 72 Byte", form.body)
        changed = browser.post(link_path(link), {"csrf_token": stack.csrf_token(form.body),
                                                 "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
                               headers=CHROMIUM_GERMAN)
        self.assertEqual((changed.status, changed.location), (302, "/login"))
        page = browser.get("/login", headers=CHROMIUM_GERMAN)
        self.assertEqual(flashes(page.body), [("success", "Ihr Passwort wurde geändert! Sie können sich jetzt anmelden!")])
        deadline = time.monotonic() + 5
        while not (notices := [m for m in self.stack.mails()
                               if m["To"] == address and m["Subject"] == "Ihr Passwort wurde geändert"]):
            self.assertLess(time.monotonic(), deadline, "no German password-changed notice")
            time.sleep(0.05)
        self.assertIn("Das Passwort Ihres Kontos bei Flask Blog wurde geändert", notices[0].get_content())

    def test_the_greeting_puts_the_name_where_the_language_wants_it(self):
        _, address = self.new_account()
        browser = self.log_in(address)
        page = browser.get("/", headers=CHROMIUM_GERMAN)
        self.assertIn(f"<p>Sie sind als {html.escape(address)} angemeldet.</p>", page.body)


class LimitedByTheLanguagesKey(LanguageTestCase):
    options = {"languages": "de, en"}

    def test_a_language_the_site_does_not_offer_is_not_chosen(self):
        page = self.stack.browser().get("/login", headers=SWISS_FRENCH)
        # fr is shipped but not offered: the header's next choice, English.
        self.assert_speaks(page, "en")

    def test_no_match_gets_the_first_language_listed(self):
        self.assert_speaks(self.stack.browser().get("/login", headers={"Accept-Language": "ja"}), "de")
        self.assert_speaks(self.stack.browser().get("/login"), "de")
