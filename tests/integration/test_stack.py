"""scripts/stack with nginx/pwreset.conf.in: an instance starts, routes each URL, keeps reset
tokens out of its access log, refuses a taken port or a bad config, and stops clean."""
import os
import socket
import sqlite3
import tempfile
import time
import unittest
import urllib.parse

import stack
from stack import log_in

TOKEN = "abc.def.ghi"
PASSWORD = "correct horse battery staple"


def instance_processes(directory):
    """Live pids of the instance in directory: nginx's master (named by its config path),
    that master's workers, and anything running with the instance's PWRESET_CONFIG."""
    config = f"PWRESET_CONFIG={directory}/pwreset.conf".encode()
    nginx_config = f"-c {directory}/nginx.conf".encode()
    found, parents = set(), {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                state, ppid = stat.read().rsplit(b")", 1)[1].split()[:2]
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                command = cmdline.read()
            with open(f"/proc/{pid}/environ", "rb") as environ:
                variables = environ.read().split(b"\0")
        except OSError:
            continue
        if state == b"Z":
            continue
        parents[pid] = ppid.decode()
        if (command.startswith(b"nginx: master") and nginx_config in command) or config in variables:
            found.add(pid)
    found |= {pid for pid, ppid in parents.items() if ppid in found}
    return found


def wait_for_log_line(instance, browser):
    """Returns once the access log has the line of a request made now: nginx writes each
    line after its answer has gone out, so a test could otherwise read too early."""
    probe = f"log-probe-{time.monotonic_ns()}"
    browser.get("/login", headers={"User-Agent": probe})
    deadline = time.monotonic() + 5
    while probe not in instance.log("access"):
        if time.monotonic() > deadline:
            raise AssertionError("the access log did not get the probe request's line")
        time.sleep(0.05)


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


class RunningInstanceTest(unittest.TestCase):
    """Requests to one instance shared by the tests of this class."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.stack = stack.Stack(cls.tmp.name).start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def test_login_reaches_the_login_program(self):
        reply = self.stack.browser().get("/login")
        self.assertEqual(reply.status, 200, reply.body[:500])
        self.assertIn("text/html", reply.header("Content-Type"))
        self.assertIn("<title>Flask Blog - Login</title>", reply.body)
        stack.csrf_token(reply.body)

    def test_each_route_reaches_its_program(self):
        routes = [
            ("/", 200, "<title>Flask Blog - Home</title>"),
            ("/home", 200, "<title>Flask Blog - Home</title>"),
            ("/login", 200, "<title>Flask Blog - Login</title>"),
            ("/register", 200, "<title>Flask Blog - Register</title>"),
            ("/reset_password", 200, "<title>Flask Blog - Reset Password</title>"),
        ]
        for path, status, marker in routes:
            with self.subTest(path=path):
                reply = self.stack.browser().get(path)
                self.assertEqual(reply.status, status, reply.body[:500])
                self.assertIn(marker, reply.body)

    def test_a_logged_in_visitor_reaches_logout_and_the_cookies_follow(self):
        self.stack.add_user("logout-user", "logout@example.com", PASSWORD)
        browser = log_in(self.stack, "logout@example.com", PASSWORD)
        confirm = browser.get("/logout")
        self.assertEqual(confirm.status, 200)
        self.assertIn("Do you want to log out?", confirm.body)
        done = browser.post("/logout", {"csrf_token": stack.csrf_token(confirm.body)})
        self.assertEqual(done.status, 302)
        self.assertNotIn(self.stack.cookie("session"), browser.cookies)

    def test_a_reset_link_reaches_the_reset_token_program(self):
        # The program's answer to a bad token: a flash and a redirect to the request form.
        reply = self.stack.browser().get(f"/reset_password/{TOKEN}")
        self.assertEqual(reply.status, 302, reply.body[:500])
        self.assertTrue(reply.location.endswith("/reset_password"), reply.location)

    def test_unknown_paths_are_404(self):
        for path in ["/nope", "/index.html", "/login/", "/login/x", "/homepage", "/reset_password/",
                     "/reset_password/a/b", "/cgi-bin/login", "/static/", "/static/missing.css",
                     "/static/bootstrap4/", "/static/../pwreset.conf", "/run/login.sock"]:
            with self.subTest(path=path):
                self.assertEqual(self.stack.browser().get(path).status, 404)

    def test_static_files_are_served_as_css(self):
        for path in ["/static/bootstrap4/css/bootstrap.min.css", "/static/site.css"]:
            with self.subTest(path=path):
                reply = self.stack.browser().get(path)
                self.assertEqual(reply.status, 200)
                self.assertEqual(reply.header("Content-Type"), "text/css")
                self.assertEqual(reply.header("X-Content-Type-Options"), "nosniff")
                self.assertGreater(len(reply.body), 100)

    def test_a_body_over_16k_is_refused_by_nginx(self):
        reply = self.stack.browser().post("/login", {"email": "a" * 17000})
        self.assertEqual(reply.status, 413)

    def test_the_access_log_holds_no_reset_token(self):
        browser = self.stack.browser()
        requests = [
            (f"/reset_password/{TOKEN}", {}, '"GET /reset_password/[token] HTTP/1.1"'),
            (f"/reset_password/{TOKEN}?again={TOKEN}", {}, '"GET /reset_password/[token] HTTP/1.1"'),
            (f"/RESET_PASSWORD/{TOKEN}", {}, '"GET /RESET_PASSWORD/[token] HTTP/1.1"'),
            (f"/reset_password%2F{TOKEN}", {}, '"GET /reset_password/[token] HTTP/1.1"'),
            (f"/login?next=/reset_password/{TOKEN}", {}, '"GET /login HTTP/1.1"'),
            ("/login", {"Referer": f"http://127.0.0.1/reset_password/{TOKEN}"},
             '"http://127.0.0.1/reset_password/[token]"'),
            ("/login", {"Referer": f"http://127.0.0.1/reset%5Fpassword%2F{TOKEN}"},
             '"http://127.0.0.1/reset%5Fpassword%2F[token]"'),
        ]
        for path, headers, _ in requests:
            browser.get(path, headers=headers)
        # nginx refuses a header line without a colon before the server's rewrite directives
        # run; the stack's nginx logs warnings, which would name the token if any were written.
        with socket.create_connection(("127.0.0.1", self.stack.port), timeout=5) as refused:
            refused.sendall(f"GET /reset_password/{TOKEN} HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n".encode())
            self.assertIn(b" 400 ", refused.recv(4096))
        wait_for_log_line(self.stack, browser)
        log = self.stack.log("access")
        for path, _, masked in requests:
            with self.subTest(path=path):
                self.assertIn(masked, log)
        self.assertRegex(log, r'"GET \S* HTTP/1\.1" 400 ')
        self.assertRegex(log, r'"GET /login HTTP/1\.1" 200 \d+ "-" ')
        self.assertNotIn(TOKEN, log)
        self.assertNotIn(TOKEN, self.stack.log("error"))


    def test_a_mailed_reset_link_stays_out_of_every_log(self):
        self.stack.add_user("mailed-user", "mailed@example.com", PASSWORD)
        browser = self.stack.browser()
        form = browser.get("/reset_password")
        sent = browser.post("/reset_password", {"csrf_token": stack.csrf_token(form.body),
                                                "email": "mailed@example.com"})
        self.assertEqual(sent.status, 302, sent.body[:500])
        mails = [m for m in self.stack.wait_for_mails(1) if m["To"] == "mailed@example.com"]
        self.assertEqual(len(mails), 1)
        [link] = stack.reset_links(mails[0])
        path = urllib.parse.urlsplit(link).path
        token = path.rsplit("/", 1)[1]
        page = browser.get(path, headers={"Referer": link})
        self.assertEqual(page.status, 200, page.body[:500])
        self.assertIn("<title>Flask Blog - Reset Password</title>", page.body)
        wait_for_log_line(self.stack, browser)
        for log in ("access", "error", "pwreset-fcgi"):
            with self.subTest(log=log):
                self.assertNotIn(token, self.stack.log(log))

    def test_errors_on_a_reset_link_keep_the_token_out_of_the_error_log(self):
        # nginx appends the request line to each error line: one line the program writes
        # (a locked database) and one nginx writes itself (a body over the cap).
        self.stack.add_user("locked-user", "locked@example.com", PASSWORD)
        link = self.stack.tool("reset-link", "--email", "locked@example.com").stdout.strip()
        path = urllib.parse.urlsplit(link).path
        browser = self.stack.browser()
        form = browser.get(path)
        self.assertEqual(form.status, 200, form.body[:500])
        fields = {"csrf_token": stack.csrf_token(form.body),
                  "password": PASSWORD + " 2", "confirm_password": PASSWORD + " 2"}
        database = sqlite3.connect(os.path.join(self.stack.dir, "site.db"), isolation_level=None)
        try:
            database.execute("BEGIN EXCLUSIVE")
            self.assertEqual(browser.post(path, fields).status, 503)
        finally:
            database.execute("ROLLBACK")
            database.close()
        self.assertEqual(browser.post(path, {"password": "a" * 17000}).status, 413)
        wait_for_log_line(self.stack, browser)
        self.assertNotIn(path.rsplit("/", 1)[1], self.stack.log("error"))


class StartStopTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.stack = stack.Stack(self.tmp.name)
        self.addCleanup(stack.stack_command, "stop", self.stack.dir)

    def test_stop_ends_every_process_and_frees_the_port(self):
        self.stack.start()
        running = instance_processes(self.stack.dir)
        # nginx's master and worker, and at least one worker per program.
        self.assertGreaterEqual(len(running), 2 + len(stack.PROGRAMS))
        self.stack.stop()
        self.assertEqual(instance_processes(self.stack.dir) & running, set())
        self.assertEqual(instance_processes(self.stack.dir), set())
        self.assertTrue(refuses_connections(self.stack.port))

    def test_stop_twice_and_stop_of_nothing_succeed(self):
        self.stack.start()
        self.stack.stop()
        self.assertEqual(stack.stack_command("stop", self.stack.dir).returncode, 0)
        with tempfile.TemporaryDirectory() as empty:
            self.assertEqual(stack.stack_command("stop", empty).returncode, 0)

    def test_a_port_in_use_is_refused_and_nothing_is_left_running(self):
        self.stack.prepare()
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            started = stack.stack_command("start", self.stack.dir, str(port))
        self.assertNotEqual(started.returncode, 0)
        self.assertIn(f"port {port} on 127.0.0.1 is already in use", started.stderr)
        self.assertEqual(instance_processes(self.stack.dir), set())

    def test_a_program_refusing_its_config_fails_the_start(self):
        self.stack.prepare()
        with open(self.stack.config_path, "a") as config:
            config.write("no_such_key = 1\n")
        started = stack.stack_command("start", self.stack.dir, str(self.stack.port))
        self.assertNotEqual(started.returncode, 0)
        self.assertIn("did not start", started.stderr)
        self.assertIn("no_such_key", started.stderr)
        self.assertEqual(instance_processes(self.stack.dir), set())
        self.assertTrue(refuses_connections(self.stack.port))

    def test_a_second_start_in_the_same_directory_is_refused(self):
        self.stack.start()
        again = stack.stack_command("start", self.stack.dir, str(stack.free_port()))
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("already running", again.stderr)
        self.assertEqual(self.stack.browser().get("/login").status, 200)

    def test_a_directory_without_a_config_is_refused(self):
        started = stack.stack_command("start", self.stack.dir, str(stack.free_port()))
        self.assertNotEqual(started.returncode, 0)
        self.assertIn("pwreset.conf is missing", started.stderr)


if __name__ == "__main__":
    unittest.main()
