"""Each program as a supervisor in the running stack: a worker killed under load is replaced
within a second, a reload under load fails no request and shows the new templates, a bad
config on reload changes nothing, and a worker that dies at once is restarted ever more
slowly rather than in a tight loop."""
import os
import re
import shutil
import signal
import tempfile
import time
import unittest

import stack
from processes import Load, page_workers, supervisor, wait_until

WORKERS = 2
# Each log line starts with its UTC time stamp, then the program's name.
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", re.MULTILINE)


class SupervisedStackTest(unittest.TestCase):
    """A fresh instance per test: each one kills, reloads or breaks the login program."""

    ENVIRONMENT = {}  # for scripts/stack start, e.g. ON_DEMAND
    WORKERS = None    # per program; scripts/stack's default when None

    def options(self):
        return {}

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = os.path.realpath(tmp.name)
        self.instance = stack.Stack(self.dir, self.options(), environment=self.ENVIRONMENT,
                                    workers=self.WORKERS).start()
        self.addCleanup(self.instance.stop)
        self.supervisor = supervisor(self.instance)

    def workers(self):
        return page_workers(self.instance, "login")

    def log_lines(self):
        """The supervisor's log lines, each without its time stamp."""
        return STAMP.sub("", self.instance.log("pwreset-fcgi")).splitlines()


class WorkerKillTest(SupervisedStackTest):
    def test_a_killed_worker_costs_at_most_its_request_and_is_replaced_within_a_second(self):
        before = self.workers()
        self.assertEqual(len(before), WORKERS)
        victim = min(before)
        with Load(self.instance, "/login", threads=4, count=150) as load:
            self.assertTrue(wait_until(lambda: load.served() >= 150, 30))
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()
            replaced = wait_until(lambda: len(self.workers() - {victim}) == WORKERS, 1.0, step=0.005)
            seconds = time.monotonic() - killed
        self.assertTrue(replaced, f"still {self.workers()} {seconds:.2f} s after the kill")
        self.assertLess(seconds, 1.0)
        self.assertEqual(len(load.outcomes), 600)
        # A worker answers one request at a time: at most that one failed.
        self.assertLessEqual(len(load.failures()), 1, load.failures())
        for failure in load.failures():
            self.assertIn(failure, (502, "RemoteDisconnected", "ConnectionResetError"))
        self.assertIn(f"login: worker {victim} was killed by signal 9 (Killed); starting another",
                      self.instance.log("pwreset-fcgi"))
        self.assertEqual(len(self.log_lines()), 1, self.log_lines())
        self.assertEqual(self.instance.browser().get("/login").status, 200)
        print(f"\n    worker kill: replaced after {seconds * 1000:.0f} ms, "
              f"{len(load.failures())} of {len(load.outcomes)} requests failed", flush=True)


class ReloadTest(SupervisedStackTest):
    MARKER = "<!-- reload {} -->"

    def options(self):
        # A copy of the templates that the test may edit.
        shutil.copytree(os.path.join(stack.ROOT, "templates"), os.path.join(self.dir, "templates"))
        return {"templates_dir": os.path.join(self.dir, "templates")}

    def edit_layout(self, number):
        with open(os.path.join(self.dir, "templates", "layout.tpl"), "a") as layout:
            layout.write(self.MARKER.format(number) + "\n")

    def test_reloads_under_load_fail_no_request_and_show_the_changed_template(self):
        first = self.workers()
        with Load(self.instance, "/login", threads=4, count=200) as load:
            for number in range(3):
                self.assertTrue(wait_until(lambda: load.served() >= 100 * (number + 1), 30))
                self.edit_layout(number)
                os.kill(self.supervisor, signal.SIGHUP)
                marker = self.MARKER.format(number)
                shown = wait_until(lambda: marker in self.instance.browser().get("/login").body, 5)
                self.assertTrue(shown, f"reload {number} did not show the edited layout")
        self.assertEqual(load.failures(), [])
        self.assertEqual(len(load.outcomes), 800)
        # The supervisor writes its line once the new workers run, so one of them may answer
        # the test's request before the line is there.
        reloads = wait_until(lambda: sum("pwreset-fcgi: reloaded" in line for line in self.log_lines()) == 3, 5)
        self.assertTrue(reloads, self.log_lines())
        now = wait_until(lambda: len(self.workers()) == WORKERS and self.workers(), 5)
        self.assertTrue(now)
        self.assertEqual(now & first, set())
        # One reload renews every page.
        self.assertIn(self.MARKER.format(2), self.instance.browser().get("/register").body)

    def test_a_bad_config_on_reload_keeps_the_workers_serving_and_says_so_once(self):
        with open(self.instance.config_path) as config:
            good = config.read()
        cases = [("a line that is not key = value", "colour blue\n", "pwreset.conf:"),
                 ("a secret that is gone", f"old_secret_key_files = {self.dir}/gone.key\n", "gone.key")]
        for what, line, names in cases:
            with self.subTest(what):
                before, workers = self.log_lines(), self.workers()
                with open(self.instance.config_path, "a") as config:
                    config.write(line)
                os.kill(self.supervisor, signal.SIGHUP)
                self.assertTrue(wait_until(lambda: len(self.log_lines()) > len(before), 5))
                time.sleep(0.3)
                new = self.log_lines()[len(before):]
                self.assertEqual(len(new), 1, new)
                self.assertTrue(new[0].startswith("pwreset-fcgi: reload failed, the workers go on with the previous "
                                                  "config: "), new[0])
                self.assertIn(names, new[0])
                self.assertEqual(self.workers(), workers)
                self.assertEqual(self.instance.browser().get("/login").status, 200)
                with open(self.instance.config_path, "w") as config:
                    config.write(good)
        os.kill(self.supervisor, signal.SIGHUP)
        self.assertTrue(wait_until(lambda: "pwreset-fcgi: reloaded" in self.instance.log("pwreset-fcgi"), 5))


class CrashLoopTest(SupervisedStackTest):
    def test_a_worker_that_cannot_start_is_restarted_ever_more_slowly_until_it_can(self):
        # A real cause: the database file is moved away, so a new worker cannot open it; the
        # running workers keep their open handle.
        database = os.path.join(self.dir, "site.db")
        os.rename(database, database + ".away")
        self.addCleanup(lambda: os.path.exists(database + ".away") and
                        os.rename(database + ".away", database))
        victim = min(self.workers())
        os.kill(victim, signal.SIGKILL)
        deaths = re.compile(r"^login: worker \d+ exited with status 1; starting another(?: in ([0-9.]+) s)?$",
                            re.MULTILINE)
        with Load(self.instance, "/login", threads=1, count=60):
            time.sleep(3)
        log = "\n".join(self.log_lines())
        pauses = [float(pause or 0) for pause in deaths.findall(log)]
        # 0.1, 0.2, 0.4, 0.8, 1.6 s: a handful of restarts in 3 s, not hundreds.
        self.assertGreaterEqual(len(pauses), 3, log)
        self.assertLessEqual(len(pauses), 7, log[:3000])
        # The first pause is 0.2 s when the killed worker's own replacement took 0.1 s.
        self.assertIn(pauses[0], (0.1, 0.2), log)
        for earlier, later in zip(pauses, pauses[1:]):
            self.assertAlmostEqual(later, min(earlier * 2, 5.0), msg=log)
        self.assertIn(f"login: {database}: ", log)
        # The other worker kept serving meanwhile.
        self.assertEqual(self.instance.browser().get("/login").status, 200)
        os.rename(database + ".away", database)
        self.assertTrue(wait_until(lambda: len(self.workers()) == WORKERS, 6), self.workers())


if __name__ == "__main__":
    unittest.main()
