"""pwreset beside an existing site (site_pages = no, nginx/pwreset-reset.conf.in): a real
flaskblog under Debian's gunicorn keeps every other path, its own login page shows our
messages through its own session cookie, its sessions keep their keys, and a site that is
not Flask gets our confirmation page."""
import http.client
import os
import sqlite3
import subprocess
import time

import bcrypt
import flask

import stack
from cli_site import POST_DDL, USER_DDL
from web_site import (INVALID_TOKEN, MAIL_SENT, NEW_PASSWORD, OLD_PASSWORD, PASSWORD_UPDATED,
                      StackTestCase, flashes, greeted_user, link_path, submit)

FLASKBLOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flaskblog")
GUNICORN = "/usr/bin/gunicorn"
FLASK_KEY = "5791628bb0b13ce0c676dfde280ba245"  # the seed's SECRET_KEY
ACCOUNT_CREATED = "Your account has been created! You are now able to log in"
LOGIN_FAILED = "Login Unsuccessful. Please check email and password"


def flask_serializer(secret):
    """Flask's own signer for its session cookie, as the site uses it."""
    app = flask.Flask("reader")
    app.secret_key = secret
    return app.session_interface.get_signing_serializer(app)


class Gunicorn:
    """flaskblog under gunicorn on a free 127.0.0.1 port, its key and site.db in directory."""

    def __init__(self, directory):
        self.key_file = os.path.join(directory, "flask-secret.key")
        with open(self.key_file, "w", encoding="utf-8") as key:
            key.write(FLASK_KEY + "\n")
        self.port = stack.free_port()
        self.log = os.path.join(directory, "gunicorn.log")
        environment = dict(os.environ, FLASKBLOG_SECRET_KEY_FILE=self.key_file,
                           FLASKBLOG_DATABASE=os.path.join(directory, "site.db"))
        self.process = subprocess.Popen(
            [GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--graceful-timeout", "2",
             "--chdir", FLASKBLOG, "--error-logfile", self.log, "flaskblog:create_app()"],
            env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_ready()

    def wait_ready(self):
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/login")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                with open(self.log, encoding="utf-8", errors="replace") as log:
                    raise RuntimeError("gunicorn did not serve flaskblog:\n" + log.read()[-3000:])
            time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class BesideFlaskTest(StackTestCase):
    """nginx sends the reset routes to pwreset and everything else to flaskblog."""

    site = None

    @classmethod
    def prepare_directory(cls, directory):
        cls.site = Gunicorn(directory)
        cls.options = {"site_pages": "no", "flask_secret_key_file": cls.site.key_file}
        cls.environment = {"SNIPPET": "pwreset-reset", "SITE_UPSTREAM": f"127.0.0.1:{cls.site.port}"}

    @classmethod
    def setUpClass(cls):
        try:
            super().setUpClass()
        except BaseException:
            if cls.site:
                cls.site.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()
        super().tearDownClass()

    def flask_session(self, browser):
        return flask_serializer(FLASK_KEY).loads(browser.cookies["session"])

    def register_on_flask(self, browser, number):
        username, address = f"flaskuser{number}", f"flaskuser{number}@example.com"
        reply = submit(browser, "/register", {"username": username, "email": address, "password": OLD_PASSWORD,
                                              "confirm_password": OLD_PASSWORD})
        self.assertEqual((reply.status, reply.location), (302, "/login"), reply.body[:2000])
        self.assertEqual(flashes(browser.get("/login").body), [("success", ACCOUNT_CREATED)])
        return username, address

    def log_in_to_flask(self, browser, address, password):
        return submit(browser, "/login", {"email": address, "password": password})

    def test_flask_made_the_tables_pwreset_uses(self):
        with sqlite3.connect(os.path.join(self.stack.dir, "site.db")) as db:
            ddl = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('user', 'post')"))
        self.assertEqual(ddl, {"user": USER_DDL, "post": POST_DDL})

    def test_a_reset_ends_on_flasks_login_page_and_the_new_password_logs_in_there(self):
        browser = self.stack.browser()
        username, address = self.register_on_flask(browser, 1)
        self.assertIn('href="/reset_password"', browser.get("/login").body)

        asked = self.request_reset(address, browser)
        self.assertEqual((asked.status, asked.location), (302, "/login"), asked.body[:2000])
        self.assertEqual(flashes(browser.get("/login").body), [("info", MAIL_SENT)])
        [link] = stack.reset_links(self.wait_for_reset_mail(address))
        done = submit(browser, link_path(link), {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        self.assertEqual((done.status, done.location), (302, "/login"), done.body[:2000])
        self.assertEqual(flashes(browser.get("/login").body), [("success", PASSWORD_UPDATED)])
        self.assertEqual(flashes(browser.get("/login").body), [], "Flask shows a message once")

        refused = self.log_in_to_flask(browser, address, OLD_PASSWORD)
        self.assertEqual(flashes(refused.body), [("danger", LOGIN_FAILED)])
        logged_in = self.log_in_to_flask(browser, address, NEW_PASSWORD)
        self.assertEqual((logged_in.status, logged_in.location), (302, "/"), logged_in.body[:2000])
        self.assertEqual(greeted_user(browser.get("/").body), username)

    def test_a_flask_session_from_before_keeps_its_keys(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        login_form = browser.get("/login")
        before = self.flask_session(browser)
        self.assertIn("csrf_token", before)

        self.request_reset(address, browser)
        after = self.flask_session(browser)
        self.assertEqual(after.pop("_flashes"), [("info", MAIL_SENT)])
        self.assertEqual(after, before)
        # The login form shown before still works: Flask-WTF's token stayed in the session.
        reply = browser.post("/login", {"csrf_token": stack.csrf_token(login_form.body), "email": address,
                                        "password": OLD_PASSWORD})
        self.assertEqual((reply.status, reply.location), (302, "/"), reply.body[:2000])
        self.assertIsNotNone(greeted_user(browser.get("/").body))

    def test_a_session_flask_would_refuse_is_replaced_by_one_with_only_the_message(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        forged = flask_serializer("not the site's key").dumps({"_user_id": "1", "_fresh": True, "x": "kept?"})
        browser.cookies["session"] = forged
        self.assertEqual(browser.get("/reset_password").status, 200, "a forged login is no login")
        self.request_reset(address, browser)
        self.assertEqual(self.flask_session(browser), {"_flashes": [("info", MAIL_SENT)]})
        page = browser.get("/")
        self.assertEqual(flashes(page.body), [("info", MAIL_SENT)])
        self.assertIsNone(greeted_user(page.body))

    def test_a_visitor_logged_in_to_flask_is_sent_home_from_both_reset_pages(self):
        _, address = self.new_account()
        link_path_ = link_path(self.mailed_link(address))
        browser = self.stack.browser()
        reply = self.log_in_to_flask(browser, address, OLD_PASSWORD)
        self.assertEqual(reply.status, 302, reply.body[:2000])
        for path in ["/reset_password", link_path_]:
            with self.subTest(path=path):
                home = browser.get(path)
                self.assertEqual((home.status, home.location), (302, "/"), home.body[:2000])
        browser.get("/logout")
        self.assertEqual(browser.get(link_path_).status, 200, "logged out, the link still works")

    def test_the_site_keeps_every_other_path_and_its_static_files(self):
        browser = self.stack.browser()
        self.assertIn("<legend>Join Today</legend>", browser.get("/register").body)
        self.assertEqual(browser.get("/home").status, 200)
        own_css = browser.get("/static/main.css")
        self.assertEqual(own_css.status, 200)
        self.assertIn("flaskblog's own stylesheet", own_css.body)
        self.assertEqual(browser.get("/static/site.css").status, 404, "pwreset takes nothing of /static/")
        with open(os.path.join(stack.ROOT, "static", "site.css"), encoding="utf-8") as ours:
            self.assertEqual(browser.get("/pwreset-static/site.css").body, ours.read())
        bootstrap = browser.get("/pwreset-static/bootstrap4/css/bootstrap.min.css")
        self.assertEqual(bootstrap.status, 200)
        self.assertEqual(bootstrap.header("Content-Type"), "text/css")

    def test_our_pages_link_the_sites_login_and_none_of_our_own_pages(self):
        page = self.stack.browser().get("/reset_password").body
        self.assertIn('<a class="nav-item nav-link" href="/login">Login</a>', page)
        for ours in ['href="/register"', 'href="/logout"', 'href="/home"', 'href="/static/']:
            self.assertNotIn(ours, page)
        self.assertIn('href="/pwreset-static/site.css"', page)


class BesideAnotherSiteTest(StackTestCase):
    """No Flask key: the reset pages end on a page of ours that links the site's login."""

    options = {"site_pages": "no", "login_url": "/account/sign-in"}
    environment = {"SNIPPET": "pwreset-reset"}

    def assert_notice(self, reply, category, text):
        self.assertEqual(reply.status, 200, reply.body[:2000])
        self.assertEqual(flashes(reply.body), [(category, text)])
        self.assertIn('<a class="btn btn-outline-info" href="/account/sign-in">Log In</a>', reply.body)

    def test_both_messages_show_on_our_page_with_a_link_to_the_sites_login(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        self.assert_notice(self.request_reset(address, browser), "info", MAIL_SENT)
        [link] = stack.reset_links(self.wait_for_reset_mail(address))
        done = submit(browser, link_path(link), {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        self.assert_notice(done, "success", PASSWORD_UPDATED)
        self.assertTrue(bcrypt.checkpw(NEW_PASSWORD.encode(), self.stored_hash(address).encode()))
        self.assertEqual(flashes(browser.get("/reset_password").body), [], "each message shows once")

    def test_a_spent_link_still_leads_back_to_our_reset_form(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        self.request_reset(address, browser)
        [link] = stack.reset_links(self.wait_for_reset_mail(address))
        path = link_path(link)
        submit(browser, path, {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
        again = browser.get(path)
        self.assertEqual((again.status, again.location), (302, "/reset_password"))
        self.assert_flashed(browser, "/reset_password", "warning", INVALID_TOKEN)
