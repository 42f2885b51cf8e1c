"""bench/pbx-capacity.sh's table: one row per server variant and step, from dahdi-load's JSON."""
import json
import os
import sys

raw, out, intro = sys.argv[1], sys.argv[2], sys.argv[3]
names = {"per-cpu": "one per CPU", "one-thread": "--request-threads 1"}


def us(ns):
    return f"{ns / 1000:.0f} µs" if ns < 1_000_000 else f"{ns / 1e6:.1f} ms"


lines = [intro, "",
         "| request threads | channels | round trips/s asked | done | p50 | p99 | max | errors | server CPU | CPU per request | pipe round trip | per request / pipe |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
ceilings = []
for name in names:
    path = os.path.join(raw, f"{name}.json")
    if not os.path.exists(path):
        continue
    doc = json.load(open(path))
    pipe = doc.get("pipeRoundTripNs")
    for s in doc["steps"]:
        done = "all" if s["done"] == s["asked"] else f"{100 * s['done'] / s['asked']:.1f}%"
        cpu = s.get("serverCpuPercent")
        per = s.get("serverCpuPerRequestNs")
        lines.append(
            f"| {names[name]} | {s['channels']} | {s['channels'] * doc['rateHz']:,} | {done} | {us(s['p50Ns'])} | {us(s['p99Ns'])} | {us(s['maxNs'])} | {s['errors']} | "
            + (f"{cpu:.1f}%" if cpu is not None else "unknown") + " | "
            + (f"{per / 1000:.1f} µs" if per is not None else "unknown") + " | "
            + (f"{pipe / 1000:.1f} µs" if pipe else "unknown") + " | "
            + (f"{per / pipe:.2f}" if per is not None and pipe else "unknown") + " |")
    ceilings.append(f"Ceiling with {names[name]}: " + (f"{doc['ceilingChannels']} channels" if doc.get("ceilingChannels") else "below the smallest step")
                    + " (every round trip answered in order, p99 ≤ 2 ms).")
lines += [""] + ceilings
open(out, "w").write("\n".join(lines).rstrip() + "\n")
