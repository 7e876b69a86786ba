"""Prints the summary of `bench/run peers` as markdown: one table row per workload and
server with the medians over the rounds (req/s with its range, p50, p99, requests per
second of the server's own CPU time), the non-2xx and socket errors of all rounds, and
Entente's rate over the peer's, per second and per server CPU-second; then the notes
(versions, token checks, warm-up checks).

    python3 summarize.py RESULTS_TSV NOTES_TXT

RESULTS_TSV has a header line and the columns workload, server, round, load1, requests,
seconds, rps, p50_ms, p99_ms, non2xx, socket_errors, cpu_s (one row per round).
"""
import csv
import statistics
import sys

NAMES = {
    "entente": "Entente",
    "oidc": "oidc-provider (1 process)",
    "oidc-cluster": "oidc-provider (cluster, 2 workers)",
}


def per_cpu_second(row):
    # The CPU time is read in clock ticks (10 ms): a round too short to show any would
    # divide by zero, so it counts as one tick.
    return int(row["requests"]) / max(float(row["cpu_s"]), 0.01)


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def main(results_path, notes_path):
    with open(results_path, newline="") as f:
        results = list(csv.DictReader(f, delimiter="\t"))
    workloads = list(dict.fromkeys(r["workload"] for r in results))
    servers = list(dict.fromkeys(r["server"] for r in results))

    print("| workload | server | req/s median | min to max | p50 ms | p99 ms | non-2xx | socket errors "
          "| server CPU (cores busy) | req per server CPU-s | Entente / this, req/s | Entente / this, per CPU-s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for workload in workloads:
        rounds = {s: [r for r in results if r["workload"] == workload and r["server"] == s] for s in servers}
        rounds = {s: rs for s, rs in rounds.items() if rs}
        rps = {s: statistics.median(float(r["rps"]) for r in rs) for s, rs in rounds.items()}
        eff = {s: statistics.median(per_cpu_second(r) for r in rs) for s, rs in rounds.items()}
        for server, rs in rounds.items():
            low, high = min(float(r["rps"]) for r in rs), max(float(r["rps"]) for r in rs)
            p50 = statistics.median(float(r["p50_ms"]) for r in rs)
            p99 = statistics.median(float(r["p99_ms"]) for r in rs)
            cores = statistics.median(float(r["cpu_s"]) / float(r["seconds"]) for r in rs)
            compare = server != "entente" and "entente" in rps
            print(f"| {workload} | {NAMES.get(server, server)} | {rps[server]:,.0f} | {low:,.0f} to {high:,.0f} "
                  f"| {p50:.2f} | {p99:.2f} | {sum(int(r['non2xx']) for r in rs)} "
                  f"| {sum(int(r['socket_errors']) for r in rs)} | {cores:.2f} | {eff[server]:,.0f} "
                  f"| {ratio(rps['entente'], rps[server]) if compare else ''} "
                  f"| {ratio(eff['entente'], eff[server]) if compare else ''} |")

    loads = [float(r["load1"]) for r in results]
    print(f"\nLoad average (1 min) before each round: {min(loads):.2f} to {max(loads):.2f}.")
    print("\nNotes:\n")
    with open(notes_path) as f:
        for line in f:
            print(f"- {line.rstrip()}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
