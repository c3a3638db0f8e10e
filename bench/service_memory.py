"""Whole-service memory: PSS and private memory summed over nginx and every process of
pwreset-fcgi (its supervisor and each page's workers), from /proc/PID/smaps_rollup."""
import os
import time

from instance import children

def rollup(pid):
    """{"pss": KiB, "private": KiB} of one process; private = Private_Clean + Private_Dirty."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as text:
        for line in text:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields[parts[0].rstrip(":")] = int(parts[1])
    return {"pss": fields["Pss"], "private": fields["Private_Clean"] + fields["Private_Dirty"]}


def pid_in(site, name):
    with open(os.path.join(site.dir, "run", f"{name}.pid")) as pid_file:
        return int(pid_file.read())


def workers(site):
    return children(pid_in(site, "pwreset-fcgi"))


def service_memory(site, label):
    """One row: the instance's processes and their summed PSS and private memory (KiB)."""
    nginx = pid_in(site, "nginx")
    groups = {"nginx": [nginx] + children(nginx),
              "supervisors": [pid_in(site, "pwreset-fcgi")],
              "workers": workers(site)}
    row = {"label": label}
    for group, pids in groups.items():
        measured = [rollup(pid) for pid in pids]
        row[group] = {"count": len(pids), "pss": sum(m["pss"] for m in measured),
                      "private": sum(m["private"] for m in measured),
                      "largest_private": max((m["private"] for m in measured), default=0)}
    row["processes"] = sum(row[group]["count"] for group in groups)
    row["pss"] = sum(row[group]["pss"] for group in groups)
    row["private"] = sum(row[group]["private"] for group in groups)
    return row


def wait_for_no_workers(site, seconds):
    """On demand: waits until every worker has ended after its idle timeout."""
    deadline = time.monotonic() + seconds
    while workers(site):
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: on-demand workers still running after {seconds} s: {workers(site)}")
        time.sleep(0.1)


def mib(kib):
    return f"{kib / 1024:.1f}"


def memory_table(rows):
    lines = ["| state | processes | PSS MiB | private MiB | PSS MiB of: nginx | supervisors | workers (how many) | "
             "largest private of a worker, KiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['label']} | {row['processes']} | {mib(row['pss'])} | {mib(row['private'])} | "
                     f"{mib(row['nginx']['pss'])} | {mib(row['supervisors']['pss'])} | "
                     f"{mib(row['workers']['pss'])} ({row['workers']['count']}) | "
                     f"{row['workers']['largest_private'] or ''} |")
    return lines
