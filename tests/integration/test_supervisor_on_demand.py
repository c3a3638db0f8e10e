"""Each program in on-demand mode (--on-demand, through scripts/stack's ON_DEMAND): no worker
until a request waits, at most --workers under load, and a worker idle for the timeout
ends without being taken for a crash; a worker that does crash is logged and the next
request still gets an answer."""
import os
import signal
import time
import unittest

from processes import Load, page_workers, supervisor, wait_until
from test_supervisor import SupervisedStackTest

MOST = 2
IDLE_SECONDS = 1


class OnDemandTest(SupervisedStackTest):
    ENVIRONMENT = {"ON_DEMAND": "yes", "IDLE_TIMEOUT": str(IDLE_SECONDS)}
    WORKERS = MOST

    def get_login(self):
        self.assertEqual(self.instance.browser().get("/login").status, 200)

    def test_no_worker_before_a_request_and_none_again_after_the_idle_timeout(self):
        # scripts/stack asked only reset_request for a page: no other page has a worker.
        for program in ("home", "login", "logout", "register"):
            self.assertEqual(page_workers(self.instance, program), set(), program)
        self.get_login()
        answered = time.monotonic()
        [worker] = self.workers()
        time.sleep(IDLE_SECONDS / 2)
        self.assertEqual(self.workers(), {worker}, "the worker left before its idle timeout")
        self.assertTrue(wait_until(lambda: not self.workers(), IDLE_SECONDS + 3), self.workers())
        self.assertGreater(time.monotonic() - answered, IDLE_SECONDS * 0.9)
        # Leaving when idle is no crash: nothing logged, nothing restarted.
        self.assertEqual(self.log_lines(), [])
        time.sleep(0.3)
        self.assertEqual(self.workers(), set())
        self.get_login()
        self.assertEqual(len(self.workers() - {worker}), 1)

    def test_a_parallel_load_starts_workers_up_to_the_maximum_and_never_more(self):
        most = 0
        deadline = time.monotonic() + 60
        with Load(self.instance, "/login", threads=8, count=100) as load:
            while load.served() < 800 and time.monotonic() < deadline:
                most = max(most, len(self.workers()))
                time.sleep(0.002)
        self.assertEqual(load.failures(), [])
        self.assertEqual(len(load.outcomes), 800)
        self.assertEqual(most, MOST)
        self.assertTrue(wait_until(lambda: not self.workers(), IDLE_SECONDS + 3), self.workers())
        self.assertEqual(self.log_lines(), [])

    def test_a_crashed_worker_is_logged_and_not_replaced_until_a_request_waits(self):
        self.get_login()
        [worker] = self.workers()
        os.kill(worker, signal.SIGKILL)
        self.assertTrue(wait_until(lambda: self.log_lines(), 5))
        self.assertEqual(self.log_lines(), [f"login: worker {worker} was killed by signal 9 (Killed); "
                                            "the next starts on demand after 0.1 s"])
        time.sleep(0.3)
        self.assertEqual(self.workers(), set())
        self.get_login()
        self.assertEqual(len(self.workers()), 1)

    def test_a_reload_ends_the_idle_workers_and_the_next_request_gets_a_new_one(self):
        self.get_login()
        [worker] = self.workers()
        os.kill(self.supervisor, signal.SIGHUP)
        self.assertTrue(wait_until(lambda: worker not in self.workers(), 5))
        self.assertEqual(self.log_lines(), ["pwreset-fcgi: reloaded; new workers start on demand, "
                                            "the previous ones finish their requests"])
        self.get_login()
        self.assertEqual(len(self.workers() - {worker}), 1)


if __name__ == "__main__":
    unittest.main()
