"""A program started as its own supervisor, talked to over FastCGI without nginx: each way
of getting its socket (--listen, spawn-fcgi -F 1, systemd socket activation, none at all
but nginx's PWRESET_CONFIG param), SIGTERM finishing the request in flight before exiting 0,
and what the workers must not share: database handles and random bytes."""
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest

import fastcgi
import stack
from hardening import delayed_sendmail
from processes import alive, children, open_files, wait_until


def workers(supervisor, count):
    """The supervisor's workers once there are `count` of them; None if not within 5 s."""
    return wait_until(lambda: len(children(supervisor)) == count and children(supervisor), 5)


def listening(address):
    try:
        fastcgi.connect(address, timeout=1).close()
        return True
    except OSError:
        return False


class SupervisorTest(unittest.TestCase):
    """An instance's config, secret and database, and programs the test starts itself."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = os.path.realpath(tmp.name)
        self.instance = stack.Stack(self.dir, self.options())
        self.instance.prepare()
        self.socket = os.path.join(self.dir, "program.sock")

    def options(self):
        return {}

    def environment(self, config=True):
        env = {key: value for key, value in os.environ.items() if key != "PWRESET_CONFIG"}
        if config:
            env["PWRESET_CONFIG"] = self.instance.config_path
        return env

    def program(self, program):
        return os.path.join(stack.BUILD, "cgi-bin", program)

    def start(self, command, config=True):
        """Runs command (a supervisor, or a tool that execs one) in the foreground."""
        errors = open(os.path.join(self.dir, "stderr.log"), "w")
        self.addCleanup(errors.close)
        started = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=errors, env=self.environment(config))
        self.addCleanup(self.end, started.pid, started)
        return started

    def end(self, pid, process=None):
        """SIGTERM, then SIGKILL for what is left: the supervisor and its workers."""
        left = {pid} | children(pid)
        for each in left:
            try:
                os.kill(each, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if process:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if wait_until(lambda: not any(alive(each) for each in left), 10) is None:
            for each in left:
                if alive(each):
                    os.kill(each, signal.SIGKILL)

    def get_login(self, address, **params):
        status, _, body = fastcgi.get(address, "/login", **params)
        self.assertEqual(status, 200, body[:1000])
        self.assertIn("<title>Flask Blog - Login</title>", body)


class SocketSourceTest(SupervisorTest):
    def test_listen_on_host_and_port_with_the_workers_asked_for(self):
        address = ("127.0.0.1", stack.free_port())
        started = self.start([self.program("login"), "--listen", "%s:%d" % address, "--workers", "3"])
        self.assertTrue(wait_until(lambda: listening(address), 5))
        self.get_login(address)
        self.assertTrue(workers(started.pid, 3))

    def test_listen_on_a_path_makes_a_socket_with_the_mode_asked_for_and_removes_it_at_exit(self):
        started = self.start([self.program("login"), "--listen", self.socket, "--socket-mode", "0640"])
        self.assertTrue(wait_until(lambda: listening(self.socket), 5))
        self.assertEqual(os.stat(self.socket).st_mode & 0o777, 0o640)
        self.get_login(self.socket)
        started.terminate()
        self.assertEqual(started.wait(10), 0)
        self.assertFalse(os.path.exists(self.socket))

    def test_spawn_fcgi_hands_one_socket_to_the_supervisor(self):
        pid_file = os.path.join(self.dir, "login.pid")
        spawned = subprocess.run(["spawn-fcgi", "-s", self.socket, "-M", "0600", "-F", "1", "-P", pid_file,
                                  "--", self.program("login"), "--workers", "2"],
                                 env=self.environment(), capture_output=True, text=True, timeout=30)
        self.assertEqual(spawned.returncode, 0, spawned.stderr)
        with open(pid_file) as pids:
            pid = int(pids.read())
        self.addCleanup(self.end, pid)
        self.get_login(self.socket)
        self.assertTrue(workers(pid, 2))

    def test_systemd_socket_activation_passes_the_socket_on_fd_3(self):
        started = self.start(["systemd-socket-activate", "-l", self.socket, "-E", "PWRESET_CONFIG",
                              self.program("login"), "--workers", "2"])
        # It execs the program when the first connection arrives; that request is answered.
        self.assertTrue(wait_until(lambda: os.path.exists(self.socket), 5))
        self.get_login(self.socket)
        self.assertTrue(os.readlink(f"/proc/{started.pid}/exe").endswith("/cgi-bin/login"))
        self.assertTrue(workers(started.pid, 2))
        self.assertTrue(os.readlink(f"/proc/{started.pid}/fd/3").startswith("socket:"))
        started.terminate()
        self.assertEqual(started.wait(10), 0)

    def test_without_a_config_path_each_worker_takes_it_from_nginx(self):
        self.start([self.program("login"), "--listen", self.socket], config=False)
        self.assertTrue(wait_until(lambda: listening(self.socket), 5))
        self.get_login(self.socket, PWRESET_CONFIG=self.instance.config_path)


class DrainTest(SupervisorTest):
    def options(self):
        return {"sendmail": delayed_sendmail(self.dir, 1.5)}

    def test_sigterm_finishes_the_request_in_flight_then_everything_exits_0(self):
        self.instance.add_user("waiting", "waiting@example.org", "correct horse battery staple")
        started = self.start([self.program("reset_request"), "--listen", self.socket])
        self.assertTrue(wait_until(lambda: listening(self.socket), 5))
        busy_workers = workers(started.pid, 2)
        status, headers, body = fastcgi.get(self.socket, "/reset_password")
        cookie = next(value for name, value in headers if name == "Set-Cookie").split(";")[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
        form = f"csrf_token={token}&email=waiting%40example.org".encode()
        params = fastcgi.get_params("/reset_password", REQUEST_METHOD="POST", HTTP_COOKIE=cookie,
                                    CONTENT_TYPE="application/x-www-form-urlencoded",
                                    CONTENT_LENGTH=str(len(form)))
        replies = []

        def post():
            with fastcgi.connect(self.socket) as connection:
                connection.sendall(fastcgi.request_bytes(params, form))
                replies.append(fastcgi.read_reply(connection))

        poster = threading.Thread(target=post)
        poster.start()
        # The worker answering it is running the (slow) sendmail now.
        busy = wait_until(lambda: [pid for pid in busy_workers if children(pid)], 5)
        self.assertTrue(busy)
        sent = time.monotonic()
        started.terminate()
        self.assertEqual(started.wait(10), 0)
        poster.join(10)
        self.assertGreater(time.monotonic() - sent, 0.5)
        [(status, headers, _)] = replies
        self.assertEqual(status, 302)
        self.assertIn(("Location", "/login"), headers)
        self.assertEqual(len(self.instance.wait_for_mails(1)), 1)
        self.assertFalse(any(alive(pid) for pid in busy_workers))
        self.assertFalse(os.path.exists(self.socket))
        with self.assertRaises(OSError):
            fastcgi.connect(self.socket, timeout=1)


class WhatWorkersOwnTest(SupervisorTest):
    def test_each_worker_opens_the_database_itself_after_the_fork(self):
        started = self.start([self.program("login"), "--listen", self.socket])
        forked = workers(started.pid, 2)
        self.assertTrue(forked)
        database = os.path.join(self.dir, "site.db")
        self.assertNotIn(database, open_files(started.pid))
        for worker in forked:
            self.assertIn(database, open_files(worker))

    def test_two_fresh_workers_never_hand_out_the_same_random_bytes(self):
        # The supervisor drew random bytes before forking (the renderer's stand-in token): a
        # worker that kept its copy of that pool would give the other's next CSRF cookie.
        started = self.start([self.program("login"), "--listen", self.socket])
        self.assertTrue(workers(started.pid, 2))
        request = fastcgi.request_bytes(fastcgi.get_params("/login"))
        held = fastcgi.connect(self.socket)
        self.addCleanup(held.close)
        held.sendall(request[:16])  # one worker now waits for the rest of this request
        time.sleep(0.3)
        cookies = []
        with fastcgi.connect(self.socket) as other:
            other.sendall(request)
            cookies.append(dict(fastcgi.read_reply(other)[1])["Set-Cookie"])
        held.sendall(request[16:])
        cookies.append(dict(fastcgi.read_reply(held)[1])["Set-Cookie"])
        self.assertTrue(all(cookie.startswith(self.instance.cookie("csrf") + "=") for cookie in cookies))
        self.assertNotEqual(cookies[0], cookies[1])


if __name__ == "__main__":
    unittest.main()
