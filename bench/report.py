"""Turns the measurements into bench/RESULTS.md: tables, then each target met or missed."""
import os

from common import BCRYPT_SECONDS, CGI_RUNS, CONNECTIONS, COST, ROOT, ROUNDS, SECONDS, THREADS, WORKERS
from postgresql import postgresql_table, postgresql_targets
from service_memory import memory_table as service_table

RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
MARKER = "<!-- Everything above is written by bench/run on each run; the notes below are kept. -->"


def listed(values, digits=0):
    return ", ".join(f"{value:.{digits}f}" for value in values)


def speed_table(report):
    lines = ["| what | requests/s | p50 ms | p99 ms | of ceiling | each run, requests/s |",
             "|---|---:|---:|---:|---:|---|"]
    for row in report["rows"]:
        lines.append(f"| {row['label']} | {row['rps']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | "
                     f"{row['ratio']:.0%} | {listed(row['spread'])} |")
    reset, bcrypt = report["reset"], report["bcrypt"]
    lines.append(f"| bare bcrypt, {WORKERS} processes, runs of {BCRYPT_SECONDS:g} s | {bcrypt:.2f} | | | "
                 f"| {listed(report['bcrypt_runs'], 2)} |")
    lines.append(f"| POST /reset_password/<token>, runs of {BCRYPT_SECONDS:g} s | {reset['rps']:.2f} | "
                 f"{reset['p50']:.0f} | {reset['p99']:.0f} | {reset['ratio']:.0%} of bcrypt | "
                 f"{listed(reset['spread'], 2)} |")
    static = report.get("static")
    if static:
        row = static["row"]
        lines.append(f"| {row['label']} (its ceiling: {static['ceiling']:.0f}) | {row['rps']:.0f} | "
                     f"{row['p50']:.2f} | {row['p99']:.2f} | {row['ratio']:.0%} | {listed(row['spread'])} |")
    return lines


def memory_table(report):
    middle = dict((pid, private) for pid, private, _ in report["memory_middle"])
    lines = [f"| build, program | worker | private after the rows ({report['served_middle']} requests) | "
             "private at end | RSS at end | at end, the program had answered |",
             "|---|---:|---:|---:|---:|---|"]
    for pid, private, rss in report["memory"]:
        lines.append(f"| default, reset_request | {pid} | {middle.get(pid, '')} | {private} | {rss} | "
                     f"{report['served']} requests |")
    for pid, private, rss in report["memory_reset_token"]:
        lines.append(f"| default, reset_token | {pid} | | {private} | {rss} | {report['resets']} resets |")
    static = report.get("static")
    if static:
        for pid, private, rss in static["memory"]:
            lines.append(f"| static, reset_request | {pid} | | {private} | {rss} | "
                         f"{static['served']} requests |")
        for pid, private, rss in static["memory_reset_token"]:
            lines.append(f"| static, reset_token | {pid} | | {private} | {rss} | {static['resets']} resets |")
    return lines


def verdict(ok, text):
    return f"- {'met' if ok else 'MISSED'}: {text}"


def service_targets(service):
    """Issue 11's memory targets, from the rows of service_memory()."""
    loaded = service["loaded"]
    lines = [verdict(loaded["pss"] <= 12 * 1024,
                     f"whole service after load: {loaded['pss'] / 1024:.1f} MiB PSS (<= 12)"),
             verdict(loaded["workers"]["largest_private"] <= 300,
                     f"private memory per worker at most {loaded['workers']['largest_private']} KiB "
                     "after load (<= 300)")]
    if "on_demand" in service:
        idle = service["on_demand"]
        lines.append(verdict(idle["pss"] <= 8 * 1024,
                             f"whole service idle on demand: {idle['pss'] / 1024:.1f} MiB PSS (<= 8)"))
    return lines


def targets(report):
    by_label = {row["label"]: row for row in report["rows"]}
    get, post = by_label["GET /reset_password"], by_label["POST /reset_password (unknown email)"]
    reset = report["reset"]
    middle = dict((pid, private) for pid, private, _ in report["memory_middle"])
    worst = max(private for _, private, _ in report["memory"] + report["memory_reset_token"])
    grown = max(private - middle.get(pid, private) for pid, private, _ in report["memory"])
    later = report["served"] - report["served_middle"]
    lines = [verdict(get["ratio"] >= 0.8 and get["p99"] <= 5,
                     f"GET /reset_password at {get['ratio']:.0%} of the ceiling (>= 80%), "
                     f"p99 {get['p99']:.2f} ms (<= 5)"),
             verdict(post["ratio"] >= 0.6,
                     f"POST /reset_password (unknown email) at {post['ratio']:.0%} of the ceiling (>= 60%)"),
             verdict(reset["ratio"] >= 0.95,
                     f"POST /reset_password/<token> at {reset['ratio']:.0%} of bare bcrypt (>= 95%)"),
             verdict(worst <= 1024 and grown <= 0,
                     f"private memory per worker at most {worst} KiB (<= 1024); reset_request grew "
                     f"{grown:+d} KiB over its last {later} requests"),
             verdict(report["cgi"][0] <= 3, f"plain CGI {report['cgi'][0]:.2f} ms per request (<= 3)")]
    static = report.get("static")
    if static:
        worst = max(private for _, private, _ in static["memory"] + static["memory_reset_token"])
        lines += [verdict(worst <= 1024, f"static build: private memory per worker at most {worst} KiB"),
                  verdict(static["cgi"][0] <= 3,
                          f"static build: plain CGI {static['cgi'][0]:.2f} ms per request")]
    return lines


def render(report):
    lines = ["# pwreset benchmark (`make bench`)", "",
             f"Machine: {report['machine']}.", f"Software: {report['versions']}.",
             f"Load: wrk -t{THREADS} -c{CONNECTIONS} on 127.0.0.1. Each row is the median of {ROUNDS} runs "
             f"of {SECONDS:g} s taken in turn with the other rows, after a 1 s warm-up; \"of ceiling\" is "
             "the median of each run's ratio to the ceiling run of its round. Bare bcrypt and the reset "
             "page take turns likewise. nginx as scripts/stack writes it (one worker) with the "
             f"access log buffered (buffer=64k flush=1s); {WORKERS} FastCGI workers per page; "
             f"bcrypt cost {COST}; throttles off. \"static\" is `make static`.", ""]
    lines += speed_table(report)
    lines += ["", "Memory of the FastCGI workers in KiB (private = Private_Clean + Private_Dirty from "
              "/proc/PID/smaps_rollup):", ""]
    lines += memory_table(report)
    lines += ["", "Whole-service memory: nginx (master and worker) and every process of pwreset-fcgi "
              "(its supervisor and each page's workers), PSS and private memory summed from /proc/PID/smaps_rollup; "
              "the ceiling's workers, which map the same libc and libstdc++, have ended before the row after load:", ""]
    lines += service_table(report["service"].values())
    lines += ["", f"Plain CGI, GET /reset_password, mean of {CGI_RUNS} runs from spawn to exit:", "",
              "| build | wall ms | CPU ms |", "|---|---:|---:|",
              f"| default | {report['cgi'][0]:.2f} | {report['cgi'][1]:.2f} |"]
    if report.get("static"):
        lines.append(f"| static | {report['static']['cgi'][0]:.2f} | {report['static']['cgi'][1]:.2f} |")
    lines += ["", "Targets (issue 6):", ""] + targets(report)
    lines += ["", "Targets (issue 11):", ""] + service_targets(report["service"])
    if report["postgresql"] is None:
        return "\n".join(lines + ["", "PostgreSQL rows: skipped, PostgreSQL 15 is not installed."]) + "\n"
    lines += ["", "PostgreSQL 15 on a local unix socket beside SQLite, two sites, each page's runs in "
              "turn on both; \"of SQLite\" is the median of each run's ratio to the SQLite run of its "
              "round:", ""] + postgresql_table(report["postgresql"])
    lines += ["", "Targets (issue 13):", ""] + postgresql_targets(report["postgresql"], verdict)
    return "\n".join(lines) + "\n"


def write_results(text):
    """Replaces the part of RESULTS.md above the marker; the notes below it stay."""
    notes = "\n"
    if os.path.exists(RESULTS):
        old = open(RESULTS).read()
        if MARKER in old:
            notes = old.split(MARKER, 1)[1]
    with open(RESULTS, "w") as out:
        out.write(text + "\n" + MARKER + notes)
