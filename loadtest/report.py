"""The load test's report (run by loadtest/run.sh).

Steady mode, from locust's --csv stats (requests and failures per page), the client's response times
the locustfile wrote (exact; locust's own percentiles round to whole milliseconds) and gunicorn's access
log (request line, status, microseconds, label, time): per page the client's median and p95, the
server's median and p95, and the page's client p95 as a multiple of the probe's (/healthz, requested
throughout the same run); then the share of pages the server took over twice their page's median while
users arrived and after. The goal is every page within 5x the probe's p95 and no error. Exit 1 if any
request failed (the 5x goal is reported, not enforced).

    python loadtest/report.py var/load/load_stats.csv --access-log var/load/access.log \
        --client-times var/load/client_times.json

Capacity mode: the figure the ramp wrote (pages per second when the probe's p95 passed its limit).

    python loadtest/report.py --capacity var/load/capacity.json
"""

import argparse
import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from datetime import datetime

PROBE = "Probe (/healthz)"
LOGIN = {"Login page", "Login (POST)"}
GOAL = 5
#: A page slower than this many times its page's median on the server counts as slow (slow_shares).
SLOW = 2
LOGIN_PATH = "/konto/login/"
ACCESS_LINE = re.compile(
    r'^"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<micros>\d+) "(?P<label>[^"]*)" \[(?P<time>[^]]*)\]$'
)


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


def access_log_lines(access_log):
    """(label, milliseconds, time, request line) of each request in gunicorn's access log; the label is
    the one locust sent with a page, "" for a request without one (the logins)."""
    with open(access_log, encoding="utf-8") as lines:
        for line in lines:
            match = ACCESS_LINE.match(line.strip())
            if match:
                label = "" if match["label"] == "-" else match["label"]
                moment = datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
                yield label, int(match["micros"]) / 1000, moment, match["request"]


def server_times(lines):
    """{label: [milliseconds]} of the labelled requests."""
    times = defaultdict(list)
    for label, milliseconds, _moment, _request in lines:
        if label:
            times[label].append(milliseconds)
    return times


def slow_shares(lines, times):
    """The share of pages that took the server over SLOW times their page's median, while users were
    still arriving (up to the last login, whose password hashes compete for the CPUs) and after; None
    for a phase without pages."""
    medians = {label: median(values) for label, values in times.items()}
    last_login = max(
        (moment for _l, _ms, moment, request in lines if request.startswith(f"POST {LOGIN_PATH}")),
        default=None,
    )
    phases = {"while users arrived": [0, 0], "once all had arrived": [0, 0]}
    for label, milliseconds, moment, _request in lines:
        if label and label != PROBE:
            arriving = last_login is not None and moment <= last_login
            phase = phases["while users arrived" if arriving else "once all had arrived"]
            phase[0] += milliseconds > SLOW * medians[label]
            phase[1] += 1
    return {name: (slow / count if count else None, count) for name, (slow, count) in phases.items()}


def steady(options):
    with open(options.stats, encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows.pop("Aggregated")
    with open(options.client_times, encoding="utf-8") as times:
        client = json.load(times)
    lines = list(access_log_lines(options.access_log))
    server = server_times(lines)
    probe_p95 = percentile(client[PROBE], 0.95)
    print(
        f"\n{options.cpus} CPUs, {options.workers} gunicorn workers. Client times from locust, server times "
        "from gunicorn's access log (ms); × probe: the page's client p95 over the probe's."
    )
    header = f"{'requests':>8} {'median':>7} {'p95':>6} {'server med':>10} {'server p95':>10}"
    print(f"\n{'page':<42} {header} {'× probe':>8} {'errors':>6}")
    over = []
    for name in sorted(rows, key=lambda name: (name != PROBE, name in LOGIN, name)):
        row = rows[name]
        p95 = percentile(client.get(name, []), 0.95)
        ratio = p95 / probe_p95 if probe_p95 else float("nan")
        if name not in LOGIN and name != PROBE and ratio > GOAL:
            over.append(name)
        print(
            f"{name[:42]:<42} {int(row['Request Count']):>8} {median(client.get(name, [])):>7.1f} "
            f"{p95:>6.1f} {median(server.get(name, [])):>10.1f} "
            f"{percentile(server.get(name, []), 0.95):>10.1f} {ratio:>8.1f} {int(row['Failure Count']):>6}"
        )
    failures = int(total["Failure Count"])
    pages = sum(
        int(row["Request Count"]) for name, row in rows.items() if name != PROBE and name not in LOGIN
    )
    seconds = float(total["Request Count"]) / float(total["Requests/s"]) if float(total["Requests/s"]) else 0
    print(
        f"\n{failures} errors in {total['Request Count']} requests; {pages / seconds:.1f} pages/s on average"
    )
    for phase, (share, count) in slow_shares(lines, server).items():
        if share is not None:
            print(
                f"{share:.1%} of the {count} pages {phase} took the server over {SLOW}× their page's median"
            )
    print(
        f"{'PASS' if not over else 'FAIL'}: every page's p95 within {GOAL}× the probe's ({probe_p95:.1f} ms)"
        + (f"; over: {', '.join(over)}" if over else "")
    )
    print(f"{'PASS' if not failures else 'FAIL'}: no errors")
    return 1 if failures else 0


def capacity(options):
    try:
        with open(options.capacity, encoding="utf-8") as result:
            figure = json.load(result)
    except FileNotFoundError:
        print("capacity: the ramp wrote no figure")
        return 1
    window = figure["window_seconds"]
    print(f"\n{'users':>6} {'pages/s':>8} {'probe p95 ms':>13}   (the last {window} s of each step)")
    for step in figure["steps"]:
        print(f"{step['users']:>6} {step['pages_per_second']:>8} {step['probe_p95_ms']:>13.0f}")
    best = figure["capacity"]
    if best is None:
        print("capacity: the first step already passed the probe's limit")
        return 1
    print(
        f"\ncapacity: {best['pages_per_second']} pages/s with {best['users']} users (think 1-3 s), "
        f"the probe's p95 {best['probe_p95_ms']:.0f} ms (limit {figure['limit_ms']:.0f} ms; "
        f"the ramp stopped: {figure['why']}); "
        f"{options.cpus} CPUs, {options.workers} gunicorn workers: "
        f"{best['pages_per_second'] / options.cpus:.1f} pages/s per CPU"
    )
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stats", nargs="?")
    parser.add_argument("--access-log")
    parser.add_argument("--client-times")
    parser.add_argument("--capacity")
    parser.add_argument("--cpus", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()
    return capacity(options) if options.capacity else steady(options)


if __name__ == "__main__":
    sys.exit(main())
