"""loadtest/report.py reads the access log in the format loadtest/run.sh gives gunicorn."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATS_HEADER = "Type,Name,Request Count,Failure Count,Requests/s"


def access_line(request, micros, label, moment):
    return f'"{request} HTTP/1.1" 200 {micros} "{label}" [{moment} +0000]'


def report(tmp_path, stats, client_times, access):
    (tmp_path / "stats.csv").write_text("\n".join([STATS_HEADER, *stats]) + "\n")
    (tmp_path / "client.json").write_text(json.dumps(client_times))
    (tmp_path / "access.log").write_text("\n".join(access) + "\n")
    return subprocess.run(
        [
            sys.executable,
            "loadtest/report.py",
            tmp_path / "stats.csv",
            "--access-log",
            tmp_path / "access.log",
            "--client-times",
            tmp_path / "client.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_log_format_is_the_one_run_sh_gives_gunicorn():
    run_sh = (ROOT / "loadtest/run.sh").read_text()
    assert '--access-logformat \'"%(r)s" %(s)s %(D)s "%({x-load-label}i)s" %(t)s\'' in run_sh


def test_ratios_to_the_probe_server_times_and_slow_shares_by_phase(tmp_path):
    stats = [
        "GET,Probe (/healthz),20,0,2",
        "GET,Start page,20,0,1",
        "GET,Plan page,10,0,1",
        ",Aggregated,50,0,4",
    ]
    # Exact times: the probe's p95 is 8.4 ms. Rounded as locust rounds (8 and 42 ms), the plan page
    # would be 5.25x the probe's and over the goal; it is 4.94x.
    client_times = {
        "Probe (/healthz)": [5.0] * 18 + [8.0, 8.4],
        "Start page": [20.5] * 18 + [40.0, 41.0],
        "Plan page": [30.0] * 9 + [41.5],
    }
    arriving = "06/Dec/2026:10:00:0{}"
    after = "06/Dec/2026:10:05:0{}"
    access = [
        access_line("POST /konto/login/", 300_000, "-", arriving.format(5)),
        # While users arrived: 1 of 4 pages over twice its page's median (21 ms over the run).
        *(access_line("GET /", 20_000, "Start page", arriving.format(i)) for i in range(3)),
        access_line("GET /", 50_000, "Start page", arriving.format(4)),
        # After the last login: none of 4.
        *(access_line("GET /", 21_000, "Start page", after.format(i)) for i in range(4)),
        access_line("GET /healthz", 4_000, "Probe (/healthz)", after.format(1)),
        "a line in another format is left out",
    ]
    result = report(tmp_path, stats, client_times, access)
    assert result.returncode == 0, result.stderr
    # requests, client median and p95, server median and p95, the p95 over the probe's (41 / 8.4), errors
    start_row = re.search(
        r"^Start page\s+20\s+20\.5\s+41\.0\s+21\.0\s+50\.0\s+4\.9\s+0$", result.stdout, re.M
    )
    assert start_row, result.stdout
    assert re.search(r"^Plan page\s+10\s+30\.0\s+41\.5\s+nan\s+nan\s+4\.9\s+0$", result.stdout, re.M)
    assert (
        "25.0% of the 4 pages while users arrived took the server over 2× their page's median"
        in result.stdout
    )
    assert "0.0% of the 4 pages once all had arrived" in result.stdout
    assert "PASS: every page's p95 within 5× the probe's (8.4 ms)" in result.stdout
    assert "PASS: no errors" in result.stdout


def test_a_failed_request_fails_the_run(tmp_path):
    stats = ["GET,Probe (/healthz),1,0,2", "GET,Start page,1,1,1", ",Aggregated,2,1,3"]
    client_times = {"Probe (/healthz)": [5.0], "Start page": [60.0]}
    access = [access_line("GET /", 20_000, "Start page", "06/Dec/2026:10:00:00")]
    result = report(tmp_path, stats, client_times, access)
    assert result.returncode == 1
    assert "FAIL: every page's p95 within 5× the probe's (5.0 ms); over: Start page" in result.stdout
    assert "FAIL: no errors" in result.stdout
    assert "of the 1 pages once all had arrived" in result.stdout
