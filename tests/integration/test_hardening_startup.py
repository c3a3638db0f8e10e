"""Faults around the edges: a config or secret file that cannot be read stops every program
at start with one clear line (and scripts/stack with it), and a sendmail that hangs costs a
visitor no more than mail_timeout."""
import os
import re
import socket
import stat
import subprocess
import tempfile
import time
import unittest

import stack
from hardening import PASSWORD, InstanceTest, request_reset

NOT_SENT = "No email could be sent, so no reset link went out. Please try again later."
MAIL_TIMEOUT = 2
# Every program log line starts with the time in UTC, then the program's name.
LOG_STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def instance_processes(directory):
    """Pids of processes started for the instance in directory (found by their config)."""
    marker = f"PWRESET_CONFIG={directory}/pwreset.conf".encode()
    nginx = f"-c {directory}/nginx.conf".encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as environ:
                variables = environ.read().split(b"\0")
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        if marker in variables or nginx in command:
            found.append(pid)
    return found


class UnreadableFilesTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = os.path.realpath(tmp.name)
        self.instance = stack.Stack(self.dir)
        self.instance.prepare()  # a good config, secret and database
        os.mkdir(os.path.join(self.dir, "a-directory"))
        open(os.path.join(self.dir, "empty.key"), "w").close()

    def config_with(self, **changes):
        """A copy of the instance's config with keys replaced; its path."""
        self.instance.overrides.update(changes)
        self.instance.write_config()
        return self.instance.config_path

    def cases(self):
        """(what, config path, the path the message must name)."""
        missing = os.path.join(self.dir, "missing")
        directory = os.path.join(self.dir, "a-directory")
        empty = os.path.join(self.dir, "empty.key")
        return [
            ("config missing", lambda: missing + ".conf", missing + ".conf"),
            ("config is a directory", lambda: directory, directory),
            ("secret missing", lambda: self.config_with(secret_key_file=missing + ".key"),
             missing + ".key"),
            ("secret is a directory", lambda: self.config_with(secret_key_file=directory), directory),
            ("secret empty", lambda: self.config_with(secret_key_file=empty), empty),
            ("old secret missing", lambda: self.config_with(old_secret_key_files=missing + "-old.key"),
             missing + "-old.key"),
        ]

    def test_each_program_refuses_to_start_with_one_line(self):
        environment = {key: value for key, value in os.environ.items() if key != "PWRESET_CONFIG"}
        for what, make_config, named in self.cases():
            config = make_config()
            for program in stack.PROGRAMS:
                with self.subTest(what, program=program):
                    started = subprocess.run(
                        [os.path.join(stack.BUILD, "cgi-bin", program), "--config", config],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10,
                        env=environment)
                    self.assertNotEqual(started.returncode, 0)
                    self.assertEqual(started.stdout, "")
                    lines = started.stderr.splitlines()
                    self.assertEqual(len(lines), 1, started.stderr)
                    self.assertRegex(lines[0], rf"^{LOG_STAMP} {program}: {re.escape(named)}: ")
            self.instance.overrides = {}

    def test_the_stack_script_fails_cleanly(self):
        missing = os.path.join(self.dir, "missing.key")
        self.config_with(secret_key_file=missing)
        started = stack.stack_command("start", self.dir, str(self.instance.port))
        self.addCleanup(stack.stack_command, "stop", self.dir)
        self.assertNotEqual(started.returncode, 0)
        self.assertTrue(started.stderr.startswith("stack: "), started.stderr)
        self.assertIn(f"{missing}: cannot read the secret", started.stderr)
        self.assertEqual(instance_processes(self.dir), [])
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", self.instance.port), timeout=2).close()


class HangingSendmailTest(InstanceTest):
    @classmethod
    def options(cls, directory):
        script = os.path.join(directory, "hanging-sendmail")
        with open(script, "w") as text:
            text.write(f"#!/bin/sh\necho $$ > {directory}/sendmail.pid\nexec sleep 60\n")
        os.chmod(script, stat.S_IRWXU)
        return {"sendmail": script + " -t -i", "mail_timeout": MAIL_TIMEOUT}

    def test_the_request_ends_within_the_mail_timeout_with_the_failure_message(self):
        self.instance.add_user("waiting", "waiting@example.org", PASSWORD)
        started = time.monotonic()
        reply = request_reset(self.instance.browser(), "waiting@example.org")
        seconds = time.monotonic() - started
        self.assertEqual(reply.status, 200, reply.location)
        self.assertIn(NOT_SENT, reply.body)
        self.assertGreaterEqual(seconds, MAIL_TIMEOUT - 0.1)
        self.assertLess(seconds, MAIL_TIMEOUT + 1.5)
        with open(os.path.join(self.instance.dir, "sendmail.pid")) as pid_file:
            pid = pid_file.read().strip()
        # The hanging sendmail was killed and reaped, not left behind.
        self.assertFalse(os.path.exists(f"/proc/{pid}"), f"sendmail {pid} is still there")
        self.assertEqual(self.instance.mails(), [])
