"""Print locust's per-page figures (from its --csv stats) as one table; exit 1 if any request failed.

python loadtest/report.py var/load/load_stats.csv
"""

import csv
import sys


def main(path):
    with open(path, encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    pages = sorted((row for row in rows if row["Name"] != "Aggregated"), key=lambda row: row["Name"])
    header = f"{'requests':>8} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'errors':>7}"
    print(f"\n{'page':<42} {header}")
    for row in [*pages, total]:
        if row is total:
            print("-" * 96)
        print(
            f"{row['Name'][:42]:<42} {int(row['Request Count']):>8} {float(row['Requests/s']):>7.2f} "
            f"{float(row['Median Response Time']):>10.0f} {float(row['95%']):>8.0f} "
            f"{float(row['Max Response Time']):>8.0f} {int(row['Failure Count']):>7}"
        )
    failures = int(total["Failure Count"])
    print(f"\n{failures} errors in {total['Request Count']} requests")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
