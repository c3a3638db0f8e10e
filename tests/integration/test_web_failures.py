"""When things around the programs fail: sendmail refusing, the database unwritable or
locked; and each program run as a plain CGI program, without nginx or spawn-fcgi."""
import contextlib
import datetime
import os
import sqlite3
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import stack
from web_site import MAIL_SENT, NEW_PASSWORD, StackTestCase, flashes, link_path, submit

NOT_SENT = "No email could be sent, so no reset link went out. Please try again later."
UNAVAILABLE = "The site cannot save or read accounts right now. Please try again in a minute."


class SendmailAndDatabaseFailureTest(StackTestCase):
    options = {"sendmail": "/bin/false"}

    def wait_for_log_line(self, program, text):
        """Waits for a line of the page's holding text in the supervisor's log (its stderr)."""
        deadline = time.monotonic() + 5
        while not any(f"{program}: " in line and text in line
                      for line in self.stack.log("pwreset-fcgi").splitlines()):
            self.assertLess(time.monotonic(), deadline, f"no line with {text!r} in the {program} log")
            time.sleep(0.05)

    def register(self, name):
        return submit(self.stack.browser(), "/register", {
            "username": name, "email": f"{name}@example.com", "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD})

    def test_a_failed_send_says_so_plainly_and_flashes_no_success(self):
        _, address = self.new_account()
        browser = self.stack.browser()
        reply = self.request_reset(address, browser)
        self.assertEqual(reply.status, 200, reply.body[:2000])
        self.assertEqual(flashes(reply.body), [("danger", NOT_SENT)])
        self.assertNotIn(MAIL_SENT, reply.body)
        self.assertNotIn(self.stack.cookie("flash"), browser.cookies)
        self.assertEqual(flashes(browser.get("/login").body), [])
        self.wait_for_log_line("reset_request", "not sent")
        # One line per event, with the time (UTC, within the minute) and the program's name.
        [line] = [line for line in self.stack.log("pwreset-fcgi").splitlines() if "not sent" in line]
        self.assertRegex(line, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ reset_request: reset mail for user \d+ "
                               r"not sent: sendmail reported a failure")
        stamp = datetime.datetime.strptime(line[:20], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        self.assertLess(abs(datetime.datetime.now(datetime.timezone.utc) - stamp), datetime.timedelta(minutes=1))

    @contextlib.contextmanager
    def immutable(self, paths):
        """Makes the files unchangeable even for root (tests run as root, so chmod would not
        stop a write) while the block runs."""
        done = subprocess.run(["chattr", "+i", *paths], capture_output=True, text=True)
        if done.returncode != 0:
            self.skipTest(f"chattr +i is not available here: {done.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *paths], check=True)

    def test_an_unwritable_database_gets_a_503_page_and_a_log_line(self):
        _, address = self.new_account()
        path = link_path(self.stack.tool("reset-link", "--email", address).stdout.strip())
        browser = self.stack.browser()
        token = stack.csrf_token(browser.get(path).body)
        before = self.stored_hash(address)
        database = os.path.join(self.stack.dir, "site.db")
        # The -shm file stays writable: SQLite maps it into memory, and a write to a mapped
        # file made immutable ends the process with SIGBUS, which no program can answer.
        with self.immutable([database, database + "-wal"]):
            self.assert_error_page(self.register("unwritable"), 503, UNAVAILABLE)
            self.wait_for_log_line("register", "storage failed")
            reply = browser.post(path, {"csrf_token": token, "password": NEW_PASSWORD,
                                        "confirm_password": NEW_PASSWORD})
            self.assert_error_page(reply, 503, UNAVAILABLE)
        self.wait_for_log_line("reset_token", "storage failed")
        for log in ("error", "access", "pwreset-fcgi"):
            self.assertNotIn(path.rsplit("/", 1)[1], self.stack.log(log))
        self.assertEqual(self.stored_hash(address), before)
        self.assertEqual(self.register("writable").status, 302)

    def test_a_locked_database_gets_a_503_page_after_the_busy_timeout(self):
        database = sqlite3.connect(os.path.join(self.stack.dir, "site.db"), isolation_level=None)
        self.addCleanup(database.close)
        database.execute("BEGIN EXCLUSIVE")
        try:
            self.assert_error_page(self.register("locked"), 503, UNAVAILABLE)
        finally:
            database.execute("ROLLBACK")
        self.wait_for_log_line("register", "database is locked")
        self.assertEqual(self.register("unlocked").status, 302)


class CgiRun:
    """One request to a program run as plain CGI: the answer's status, headers and body."""

    def __init__(self, config, program, path, method="GET", body=b"", query="", headers=None,
                 arguments=()):
        script, _, rest = path.partition("/reset_password/")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GATEWAY_INTERFACE": "CGI/1.1",
               "SERVER_PROTOCOL": "HTTP/1.1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
               "REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": method, "QUERY_STRING": query,
               "SCRIPT_NAME": "/reset_password" if rest else script, "PWRESET_CONFIG": config,
               **(headers or {})}
        if rest:
            env["PATH_INFO"] = "/" + rest
        if method == "POST":
            env.setdefault("CONTENT_TYPE", "application/x-www-form-urlencoded")
            env.setdefault("CONTENT_LENGTH", str(len(body)))
        done = subprocess.run([os.path.join(stack.BUILD, "cgi-bin", program), *arguments], input=body,
                              env=env, capture_output=True, timeout=30)
        self.exit_code, self.stderr = done.returncode, done.stderr.decode()
        head, _, body = done.stdout.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        self.headers = [tuple(line.split(": ", 1)) for line in lines]
        status = self.header("Status")
        self.status = int(status.split()[0]) if status else None
        self.body = body.decode()

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def cookie(self, name):
        for key, value in self.headers:
            if key == "Set-Cookie" and value.startswith(name + "="):
                return value.split(";")[0]
        return None


class PlainCgiTest(unittest.TestCase):
    """No nginx and no spawn-fcgi: the config and database of a stack that is never started."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = stack.Stack(cls.tmp.name)
        cls.stack.prepare()
        cls.stack.add_user("cgiuser", "cgi@example.com", "correct horse battery staple")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_cgi(self, program, path, **kwargs):
        run = CgiRun(self.stack.config_path, program, path, **kwargs)
        self.assertEqual(run.exit_code, 0, run.stderr)
        self.assertEqual(run.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(run.header("X-Content-Type-Options"), "nosniff")
        return run

    def test_each_program_answers_a_get(self):
        cases = [("home", "/", 200, "<title>Flask Blog - Home</title>"),
                 ("home", "/home", 200, "<title>Flask Blog - Home</title>"),
                 ("login", "/login", 200, "Forgot Password?"),
                 ("register", "/register", 200, "<title>Flask Blog - Register</title>"),
                 ("reset_request", "/reset_password", 200, 'value="Request Password Reset"'),
                 ("reset_token", "/reset_password/not.a.token", 302, ""),
                 ("logout", "/logout", 302, "")]
        for program, path, status, marker in cases:
            with self.subTest(program=program, path=path):
                run = self.run_cgi(program, path)
                self.assertEqual(run.status, status, run.body[:2000])
                self.assertIn(marker, run.body)
                if status == 302:
                    self.assertIn(run.header("Location"), ("/", "/reset_password"))

    def test_a_reset_walk_through_cgi(self):
        form = self.run_cgi("reset_request", "/reset_password")
        cookie = form.cookie(self.stack.cookie("csrf"))
        body = urllib.parse.urlencode({"csrf_token": stack.csrf_token(form.body), "email": "cgi@example.com"})
        sent = self.run_cgi("reset_request", "/reset_password", method="POST", body=body.encode(),
                            headers={"HTTP_COOKIE": cookie})
        self.assertEqual(sent.status, 302, sent.body[:2000])
        self.assertEqual(sent.header("Location"), "/login")
        self.assertIsNotNone(sent.cookie(self.stack.cookie("flash")))
        [message] = self.stack.wait_for_mails(1)
        [link] = stack.reset_links(message)
        page = self.run_cgi("reset_token", link_path(link))
        self.assertEqual(page.status, 200, page.body[:2000])
        self.assertEqual(page.header("Referrer-Policy"), "no-referrer")
        body = urllib.parse.urlencode({"csrf_token": stack.csrf_token(page.body), "password": NEW_PASSWORD,
                                       "confirm_password": NEW_PASSWORD})
        done = self.run_cgi("reset_token", link_path(link), method="POST", body=body.encode(),
                            headers={"HTTP_COOKIE": page.cookie(self.stack.cookie("csrf"))})
        self.assertEqual(done.status, 302, done.body[:2000])
        self.assertEqual(done.header("Location"), "/login")

    def test_a_query_string_passed_as_arguments_cannot_pick_the_config(self):
        # Apache passes a query without '=' as the command line (RFC 3875, section 4.4).
        query = "--config+/nonexistent/pwreset.conf"
        run = self.run_cgi("login", "/login", query=query,
                           arguments=["--config", "/nonexistent/pwreset.conf"])
        self.assertEqual(run.status, 200, run.stderr)
        self.assertNotIn("nonexistent", run.stderr)

    def test_the_program_checks_the_body_length_itself(self):
        cases = [({"CONTENT_LENGTH": "16385"}, 413), ({"CONTENT_LENGTH": "99999999999999999999999"}, 413),
                 ({"CONTENT_LENGTH": ""}, 400), ({"CONTENT_LENGTH": "12x"}, 400),
                 ({"CONTENT_LENGTH": "50"}, 400),
                 ({"CONTENT_TYPE": "text/plain"}, 415)]
        for headers, status in cases:
            with self.subTest(headers=headers):
                run = self.run_cgi("login", "/login", method="POST", body=b"email=a", headers=headers)
                self.assertEqual(run.status, status, run.body[:2000])
                self.assertIn(f"<title>Flask Blog - Error {status}</title>", run.body)


if __name__ == "__main__":
    unittest.main()
