"""A program's processes as /proc shows them (its supervisor, its workers, what they hold
open), and a bounded load of requests on 127.0.0.1 to run while they are disturbed."""
import os
import threading
import time


def alive(pid):
    """True while pid runs (a zombie has ended: it only waits to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def children(parent):
    """The live processes whose parent is `parent`."""
    found = set()
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z" and int(fields[1]) == parent:
            found.add(int(entry))
    return found


def supervisor(instance):
    """The pid scripts/stack recorded for pwreset-fcgi: the supervisor of every page."""
    with open(os.path.join(instance.dir, "run", "pwreset-fcgi.pid")) as pid_file:
        return int(pid_file.read())


def page_workers(instance, program):
    """The live workers of one page: the supervisor's children that carry its name."""
    found = set()
    for pid in children(supervisor(instance)):
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() == program:
                    found.add(pid)
        except OSError:
            continue
    return found


def open_files(pid):
    """The paths of the files pid holds open."""
    paths = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            paths.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue
    return paths


def wait_until(condition, timeout, step=0.01):
    """condition()'s first true value within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value or None
        time.sleep(step)


class Load:
    """`threads` visitors each making `count` GETs of path one after another; every
    outcome (a status, or the name of the error) is kept."""

    def __init__(self, instance, path, threads=4, count=150):
        self.outcomes = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._visit, args=(instance, path, count))
                         for _ in range(threads)]

    def _visit(self, instance, path, count):
        for _ in range(count):
            try:
                outcome = instance.browser().get(path).status
            except OSError as error:
                outcome = type(error).__name__
            with self._lock:
                self.outcomes.append(outcome)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exception):
        for thread in self._threads:
            thread.join(120)

    def served(self):
        with self._lock:
            return len(self.outcomes)

    def failures(self):
        with self._lock:
            return [outcome for outcome in self.outcomes if outcome != 200]
