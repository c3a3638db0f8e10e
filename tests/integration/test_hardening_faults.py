"""Faults while running: a worker killed under load, the database locked by another writer,
two visitors racing with one reset link. Each ends in a complete answer (or a connection
error a retry fixes) and never in a half-written row."""
import os
import signal
import threading
import time

import stack
from hardening import (INVALID_LINK, PASSWORD, PASSWORD_UPDATED, InstanceTest, database,
                       delayed_sendmail, flash_after, log_in, password_hash, request_reset,
                       run_together, tool_link_path)
from processes import page_workers

LOAD_REQUESTS = 200
LOAD_THREADS = 4
USERS = [f"load{number}@example.org" for number in range(LOAD_THREADS)]
BUSY_TEXT = "The site cannot save or read accounts right now."


def reset_mails(instance):
    """The reset-link mails (a reset also mails a notice that the password changed)."""
    return [message for message in instance.mails() if message["Subject"] == "Password Reset Request"]


def worker_with_a_child(pids, timeout=10.0):
    """One of pids that has a child process (its sendmail) right now: a worker caught in
    the middle of a request. The wait is long because on a loaded machine the other
    visitors' requests may all fall between two looks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat_file:
                    parent = int(stat_file.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent in pids:
                return parent
    raise AssertionError("no worker was sending mail")


def integrity(instance):
    with database(instance) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


class WorkerKillTest(InstanceTest):
    @classmethod
    def options(cls, directory):
        # Every request writes a throttle row, so a kill can land inside a transaction.
        return {"sendmail": delayed_sendmail(directory, 0.02), "throttle_ip_per_hour": 1000000}

    def test_killing_a_worker_under_load_loses_no_request(self):
        for number, address in enumerate(USERS):
            self.instance.add_user(f"load{number}", address, PASSWORD)
        pids = page_workers(self.instance, "reset_request")
        self.assertEqual(len(pids), 2)
        done, lock, outcomes = [0], threading.Lock(), []
        killed = threading.Event()

        def visitor(address):
            browser = self.instance.browser()
            token = stack.csrf_token(browser.get("/reset_password").body)
            for _ in range(LOAD_REQUESTS // LOAD_THREADS):
                fields = {"csrf_token": token, "email": address}
                tries = []
                for _ in range(2):  # one retry
                    try:
                        tries.append(browser.post("/reset_password", fields).status)
                    except OSError as error:
                        tries.append(type(error).__name__)
                    if tries[-1] == 302:
                        break
                with lock:
                    outcomes.append(tries)
                    done[0] += 1
                    if done[0] == LOAD_REQUESTS // 2 and not killed.is_set():
                        os.kill(worker_with_a_child(pids), signal.SIGKILL)
                        killed.set()

        run_together([lambda address=address: visitor(address) for address in USERS])
        self.assertTrue(killed.is_set())
        self.assertEqual(len(outcomes), LOAD_REQUESTS)
        self.assertEqual([tries for tries in outcomes if tries[-1] != 302], [])
        first_failures = [tries[0] for tries in outcomes if tries[0] != 302]
        # The request the killed worker was serving failed; every other one was answered.
        self.assertGreaterEqual(len(first_failures), 1)
        self.assertLessEqual(len(first_failures), LOAD_THREADS, first_failures)
        for failure in first_failures:
            self.assertIn(failure, (502, "RemoteDisconnected", "ConnectionResetError"))
        print(f"\n    worker kill: {len(first_failures)} of {LOAD_REQUESTS} needed a retry "
              f"({first_failures})", flush=True)

        # The other worker still answers; other programs were never affected.
        self.assertEqual(request_reset(self.instance.browser(), USERS[0]).status, 302)
        self.assertEqual(self.instance.browser().get("/login").status, 200)
        answered = LOAD_REQUESTS + len(first_failures) + 1
        successes = LOAD_REQUESTS + 1
        with database(self.instance) as db:
            rows = db.execute("SELECT count(*) FROM pwreset_throttle WHERE bucket = "
                              "'ip:127.0.0.1'").fetchone()[0]
        self.assertGreaterEqual(rows, successes)
        self.assertLessEqual(rows, answered)
        self.assertEqual(integrity(self.instance), "ok")
        # Each 302 came after its mail was handed over.
        self.assertGreaterEqual(len(self.instance.wait_for_mails(successes)), successes)


class LockedDatabaseTest(InstanceTest):
    OPTIONS = {"throttle_ip_per_hour": 1000000}

    def lock_for(self, seconds, *requests):
        """Holds an exclusive write lock for `seconds` while the requests run; their
        (result, seconds taken) once all have ended."""
        holder = database(self.instance)
        holder.execute("BEGIN EXCLUSIVE")
        timer = threading.Timer(seconds, holder.rollback)
        timer.start()
        try:
            def timed(request):
                started = time.monotonic()
                return request(), time.monotonic() - started
            return run_together([lambda request=request: timed(request) for request in requests])
        finally:
            timer.join()
            holder.close()

    def visits(self, name):
        """Three writes, one per program that writes: reset request, reset, register."""
        address = f"{name}@example.org"
        self.instance.add_user(name, address, PASSWORD)
        path = tool_link_path(self.instance, address)
        asker, resetter, newcomer = (self.instance.browser() for _ in range(3))
        forms = [asker.get("/reset_password"), resetter.get(path), newcomer.get("/register")]
        tokens = [stack.csrf_token(form.body) for form in forms]
        new = "quiet lantern orbit staple"
        return address, [
            lambda: asker.post("/reset_password", {"csrf_token": tokens[0], "email": address}),
            lambda: resetter.post(path, {"csrf_token": tokens[1], "password": new,
                                         "confirm_password": new}),
            lambda: newcomer.post("/register", {
                "csrf_token": tokens[2], "username": name + "2", "email": "2" + address,
                "password": new, "confirm_password": new}),
        ], new

    def test_requests_wait_for_a_two_second_lock_then_succeed(self):
        address, requests, new = self.visits("patient")
        before = len(reset_mails(self.instance))
        results = self.lock_for(2, *requests)
        for (reply, seconds), name in zip(results, ("request", "reset", "register")):
            with self.subTest(name):
                self.assertEqual(reply.status, 302, reply.body[:1000])
                self.assertGreater(seconds, 1.5)
                self.assertLess(seconds, 5)
        self.assertEqual(len(reset_mails(self.instance)), before + 1)
        log_in(self.instance, address, new)
        log_in(self.instance, "2" + address, new)
        self.assertEqual(integrity(self.instance), "ok")

    def test_a_lock_held_past_the_busy_timeout_gives_503_and_writes_nothing(self):
        address, requests, _ = self.visits("hurried")
        before_hash = password_hash(self.instance, address)
        before_mails = len(self.instance.mails())
        results = self.lock_for(6, *requests)
        for (reply, seconds), name in zip(results, ("request", "reset", "register")):
            with self.subTest(name):
                self.assertEqual(reply.status, 503)
                self.assertIn(BUSY_TEXT, reply.body)
                self.assertGreater(seconds, 4)
        self.assertEqual(password_hash(self.instance, address), before_hash)
        self.assertEqual(len(self.instance.mails()), before_mails)
        self.assertNotIn("2" + address, self.instance.tool("user", "list").stdout)
        self.assertEqual(integrity(self.instance), "ok")


class SameLinkRaceTest(InstanceTest):
    # Hashing the new password then takes long enough that both requests have checked the
    # link before either writes: the database's compare-and-set must pick the winner.
    OPTIONS = {"bcrypt_cost": 10}

    def test_two_resets_with_one_link_at_once_exactly_one_succeeds(self):
        for attempt in range(3):
            address = f"racer{attempt}@example.org"
            self.instance.add_user(f"racer{attempt}", address, PASSWORD)
            path = tool_link_path(self.instance, address)
            browsers = [self.instance.browser() for _ in range(2)]
            tokens = [stack.csrf_token(browser.get(path).body) for browser in browsers]
            passwords = [f"racer {index} lantern orbit staple" for index in range(2)]
            replies = run_together([
                lambda index=index: browsers[index].post(path, {
                    "csrf_token": tokens[index], "password": passwords[index],
                    "confirm_password": passwords[index]})
                for index in range(2)])
            locations = sorted(reply.location for reply in replies)
            self.assertEqual(locations, ["/login", "/reset_password"])
            winner = [reply.location for reply in replies].index("/login")
            self.assertIn(PASSWORD_UPDATED, flash_after(browsers[winner], replies[winner]).body)
            self.assertIn(INVALID_LINK, flash_after(browsers[1 - winner], replies[1 - winner]).body)
            log_in(self.instance, address, passwords[winner])
