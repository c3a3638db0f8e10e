"""The measurements: wrk runs taken in turn, bare bcrypt against the reset page, worker
memory, and plain CGI start-to-exit time."""
import os
import re
import subprocess
import time
import urllib.parse

from common import (BCRYPT_SECONDS, BUILD, CGI_RUNS, CONNECTIONS, COST, NEW_PASSWORD, ROOT,
                    ROUNDS, SECONDS, THREADS, WORKERS, say)


def to_ms(number, unit):
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(site, path, seconds, script=None, args=()):
    """One wrk run; fails the benchmark on any error answer or socket error."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s",
               "--latency", "--timeout", "30s"]
    if script:
        command += ["-s", os.path.join(ROOT, "bench", script)]
    command.append(site.base + path)
    if script:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if re.search(r"Non-2xx or 3xx responses|Socket errors", out):
        raise SystemExit(f"bench: wrk {path}: failed answers\n{out}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", out, re.M))
    if len(latency) != 2:
        raise SystemExit(f"bench: wrk {path}: no latency distribution in\n{out}")
    result = {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
              "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "output": out}
    for key, text in latency.items():
        result[f"p{key}"] = to_ms(*re.match(r"([\d.]+)(\w+)", text).groups())
    return result


def median(values):
    return sorted(values)[len(values) // 2]


def median_run(label, runs, references, digits=0):
    """The median run (by requests/s) as a row, with the median of each run's ratio to the
    reference run taken next to it: other jobs on the machine come and go between rounds."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    ratios = [run["rps"] / reference["rps"] for run, reference in zip(runs, references)]
    row = dict(ordered[len(ordered) // 2], label=label, spread=[run["rps"] for run in runs],
               ratio=median(ratios))
    say(f"  {label}: {row['rps']:.{digits}f} requests/s "
        f"(runs: {', '.join(f'{rps:.{digits}f}' for rps in row['spread'])}), "
        f"p50 {row['p50']:.2f} ms, p99 {row['p99']:.2f} ms, {row['ratio']:.0%} of the reference")
    return row


def measure(site, targets, rounds=ROUNDS):
    """Runs every target `rounds` times in turn, so a busy moment on the machine hits them all
    alike; the first target is the reference the others are compared with, round by round.
    targets: (label, path, script, args) tuples. Returns one row per target (its median run)
    and how many requests each path answered in all."""
    runs = {target[0]: [] for target in targets}
    answered = {}
    for number in range(rounds):
        for label, path, script, args in targets:
            if number == 0:
                warm = wrk(site, path, 1, script, args)  # warms caches and the allocator
                answered[path] = answered.get(path, 0) + warm["requests"]
            run = wrk(site, path, SECONDS, script, args)
            answered[path] = answered.get(path, 0) + run["requests"]
            runs[label].append(run)
    reference = runs[targets[0][0]]
    return [median_run(label, runs[label], reference) for label, *_ in targets], answered


def bcrypt_rate():
    program = os.path.join(BUILD, "bench", "bcrypt_rate")
    out = subprocess.run([program, str(WORKERS), str(BCRYPT_SECONDS), str(COST)],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"([\d.]+) per second", out).group(1))


def reset_run(site, links_file, cookie, csrf):
    body = urllib.parse.urlencode({"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
                                   "csrf_token": csrf})
    result = wrk(site, "/reset_password/x", BCRYPT_SECONDS, "reset_token.lua",
                 (links_file, body, cookie, str(THREADS)))
    counts = re.search(r"passwords set: (\d+), other answers: (\d+)", result["output"])
    result["set"], other = int(counts.group(1)), int(counts.group(2))
    if other:
        raise SystemExit(f"bench: {other} resets did not set a password\n{result['output']}")
    return result


def bcrypt_rounds(site, viewer_token):
    """Bare bcrypt and the reset page in turn, ROUNDS times each; every reset uses a fresh link
    (one bcrypt hash each, as a link works once). Returns the median bcrypt rate, every rate,
    the median reset row and how many passwords were set in all."""
    rates = [bcrypt_rate()]
    per_round = int(rates[0] * BCRYPT_SECONDS * 1.5) + 4 * CONNECTIONS
    say(f"  making {per_round * ROUNDS} accounts with a reset link each")
    files = []
    for number in range(ROUNDS):
        path = os.path.join(site.dir, "bench", f"links{number}")
        with open(path, "w") as out:
            out.write("\n".join(site.reset_tokens(per_round, 1 + number * per_round)) + "\n")
        files.append(path)
    cookie, csrf = site.form("/reset_password/" + viewer_token)
    runs = []
    for number in range(ROUNDS):
        if number:
            rates.append(bcrypt_rate())
        runs.append(reset_run(site, files[number], cookie, csrf))
        time.sleep(2)  # the hashes wrk left in flight finish before bcrypt is timed again
    rate = median(rates)
    say(f"  bare bcrypt: {rate:.2f} hashes/s (runs: {', '.join(f'{r:.2f}' for r in rates)})")
    row = median_run("POST /reset_password/<token>", runs, [{"rps": rate} for rate in rates], digits=2)
    return rate, rates, row, sum(run["set"] for run in runs)


def serve_until(site, path, done, wanted):
    """Runs GET path until the program has answered `wanted` requests in all; returns the count."""
    while done < wanted:
        seconds = max(2, min(60, int((wanted - done) / 5000) + 1))
        done += wrk(site, path, seconds)["requests"]
    return done


def memory(pids):
    """(pid, private KiB, RSS KiB) per process; private = Private_Clean + Private_Dirty."""
    found = []
    for pid in pids:
        fields = {}
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    fields[parts[0].rstrip(":")] = int(parts[1])
        found.append((pid, fields["Private_Clean"] + fields["Private_Dirty"], fields["Rss"]))
    return found


def cgi_time(program, config):
    """Mean wall and CPU milliseconds of one plain CGI GET /reset_password, from the spawn
    to the exit of the process."""
    env = {"PWRESET_CONFIG": config, "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET",
           "SCRIPT_NAME": "/reset_password", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1"}
    check = subprocess.run([program], env=env, stdin=subprocess.DEVNULL, capture_output=True)
    if not check.stdout.startswith(b"Status: 200"):
        raise SystemExit(f"bench: {program} as CGI answered {check.stdout[:60]!r} {check.stderr!r}")
    null = os.open(os.devnull, os.O_RDWR)
    redirect = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1)]
    wall = cpu = 0.0
    for _ in range(CGI_RUNS):
        start = time.perf_counter()
        pid = os.posix_spawn(program, [program], env, file_actions=redirect)
        _, status, usage = os.wait4(pid, 0)
        wall += time.perf_counter() - start
        cpu += usage.ru_utime + usage.ru_stime
        if status != 0:
            raise SystemExit(f"bench: {program} as CGI exited with status {status}")
    os.close(null)
    return wall / CGI_RUNS * 1000, cpu / CGI_RUNS * 1000
