#!/usr/bin/env python3
"""bench/pbx-load.sh's measuring half (standard library only).

  snap --out F [--metrics URL] NAME=PID...   one sample: monotonic and wall time, load average, each process's
                                             CPU ticks (/proc/PID/stat), the metrics endpoint's samples
  trace-count --trace F --seconds S --out F  FUSE requests by opcode from a tracefs `trace` file
  analyse RUN [--min-within P] [--min-audio R]
                                             one run's analysis.json; prints "pass" or "fail: why"
  report RUN... [--min-within P] [--min-audio R]
                                             the markdown tables of bench/results/pbx-load.md

What is measured where. The streams are captured on loopback (tcpdump, pcap with ns timestamps) as they
leave the PBX under test, before the far end reads them, so the far end's timer never shows; only the
packets between the run's two samples count.
- RTP (conference mixes, playbacks): per stream the intervals between packets; pooled over all streams:
  the share within 20 +- 1 ms, p5 / p95 / max; per stream the audio carried (payload bytes: G.711 is
  one byte a sample) against the wall time between its first and last packet.
- IAX2 trunk: every meta-trunk packet is split into its calls' entries. Per call the same intervals
  and audio/wall as RTP. The trunk's own pacing: Asterisk sends a trunk packet on each timer tick
  ("timed") and also whenever the next frame would not fit in trunkmtu ("untimed", full packets);
  a packet holding fewer entries than a full one was sent by the tick, and how far the intervals between
  those lie from a multiple of 20 ms shows the trunk timer. `iax2 show stats` counts the two kinds.
- FUSE requests: from `metronome dahdi --metrics` when it exports metronome_dahdi_requests_total by
  opcode, else from the kernel's fuse:fuse_request_send tracepoint (filtered to the connection of the
  run's /dev/dahdi, for a part of the run), per second and per open timer channel.
"""
import argparse, json, os, re, struct, sys, time, urllib.request
from collections import Counter, defaultdict
from asterisk_bench import _read as read  # bench/asterisk.sh's half: the same files' reader

RATE = 8000

# --- sampling ------------------------------------------------------------------------------------
def children(pid):
    """The live children of a process (every thread's list)."""
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        pass
    return out

def cpu_ticks(pid):
    """utime + stime of a process and its live descendants: `metronome dahdi` is a keeper whose serving
    process (and its metrics exporter) do the work."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        own = int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None
    return own + sum(t for t in (cpu_ticks(c) for c in children(pid)) if t is not None)

def parse_metrics(text):
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        try:
            out[key] = float(value)
        except ValueError:
            pass
    return out

def snap(out, metrics, procs):
    s = {"mono_ns": time.monotonic_ns(), "real_ns": time.time_ns(), "loadavg": open("/proc/loadavg").read().split()[:3],
         "clk_tck": os.sysconf("SC_CLK_TCK"), "ticks": {}}
    for p in procs:
        name, _, pid = p.partition("=")
        s["ticks"][name] = cpu_ticks(pid) if pid else None
    if metrics:
        try:
            with urllib.request.urlopen(metrics, timeout=5) as r:
                s["metrics"] = parse_metrics(r.read().decode())
        except OSError as e:
            s["metrics_error"] = str(e)
    with open(out, "w") as f:
        json.dump(s, f)
    return 0

def trace_count(trace, seconds, out):
    ops, lost, entries = Counter(), 0, None
    pat = re.compile(r"opcode \d+ \((\w+)\)")
    with open(trace, errors="replace") as f:
        for line in f:
            if line.startswith("#"):
                m = re.search(r"entries-in-buffer/entries-written: (\d+)/(\d+)", line)
                if m:
                    entries = (int(m.group(1)), int(m.group(2)))
                continue
            m = pat.search(line)
            if m:
                ops[m.group(1).replace("FUSE_", "")] += 1
    if entries and entries[1] > entries[0]:
        lost = entries[1] - entries[0]
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "by_opcode": dict(ops), "lost": lost}, f)
    return 0

# --- pcap ----------------------------------------------------------------------------------------
def read_pcap(path):
    """[(t_ns, sport, dport, udp_payload_len, captured_payload)] of the IPv4 UDP packets in a pcap."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = struct.unpack_from("<I", data)[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        e = "<"
    else:
        e = ">"
        magic = struct.unpack_from(">I", data)[0]
    scale = 1 if magic == 0xA1B23C4D else 1000
    link = struct.unpack_from(e + "I", data, 20)[0] & 0xFFFF
    l2 = {0: 4, 1: 14, 113: 16, 276: 20, 101: 0, 12: 0}.get(link)
    if l2 is None:
        raise ValueError(f"{path}: link type {link} not handled")
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack_from(e + "IIII", data, off)
        off += 16
        ip = data[off + l2:off + incl]
        off += incl
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        ihl = (ip[0] & 15) * 4
        sport, dport, ulen = struct.unpack_from(">HHH", ip, ihl)
        out.append((sec * 1_000_000_000 + frac * scale, sport, dport, ulen - 8, ip[ihl + 8:]))
    return out

# --- statistics ----------------------------------------------------------------------------------
def pct(sorted_v, q):
    return sorted_v[min(len(sorted_v) - 1, int(q * len(sorted_v)))] if sorted_v else None

def interval_stats(gaps_ms):
    if not gaps_ms:
        return None
    v = sorted(gaps_ms)
    return {"count": len(v), "within_1ms_pct": 100.0 * sum(abs(g - 20) <= 1 for g in v) / len(v),
            "p5": pct(v, 0.05), "p50": pct(v, 0.5), "p95": pct(v, 0.95), "max": v[-1]}

def stream_stats(streams):
    """streams: {key: [(t_ns, samples)]} -> pooled intervals, audio/wall per stream."""
    gaps, ratios = [], []
    for pkts in streams.values():
        pkts.sort()
        gaps += [(b[0] - a[0]) / 1e6 for a, b in zip(pkts, pkts[1:])]
        if len(pkts) > 10:
            wall = (pkts[-1][0] - pkts[0][0]) / 1e9
            ratios.append(sum(p[1] for p in pkts[:-1]) / RATE / wall)
    return {"streams": len(streams), "intervals_ms": interval_stats(gaps),
            "audio_per_wall": {"mean": sum(ratios) / len(ratios), "min": min(ratios)} if ratios else None}

def rtp_analysis(pkts):
    streams, lost = defaultdict(list), 0
    last_seq = {}
    for t, sp, dp, plen, pl in pkts:
        if len(pl) < 12 or pl[0] >> 6 != 2:
            continue
        key = (sp, dp)
        seq = struct.unpack_from(">H", pl, 2)[0]
        if key in last_seq and (seq - last_seq[key]) & 0xFFFF != 1:
            lost += ((seq - last_seq[key]) & 0xFFFF) - 1
        last_seq[key] = seq
        streams[key].append((t, plen - 12 - 4 * (pl[0] & 15)))
    r = stream_stats(streams)
    r["seq_lost"] = lost
    return r

def iax_analysis(pkts, mtu):
    calls, meta, other = defaultdict(list), [], 0
    for t, sp, dp, plen, pl in pkts:
        if len(pl) < 8 or pl[0] or pl[1] or pl[2] != 1:  # zeros, then metacmd 1: a meta-trunk packet
            other += 1
            continue
        timestamps, i, n, lens = pl[3] & 1, 8, 0, []
        while i + 4 <= len(pl):
            if timestamps:  # len, callno, ts, then the data
                ln, callno = struct.unpack_from(">HH", pl, i); i += 6
            else:           # callno, len, then the data
                callno, ln = struct.unpack_from(">HH", pl, i); i += 4
            calls[callno & 0x7FFF].append((t, ln))
            lens.append(ln)
            i += ln
            n += 1
        meta.append((t, n, lens))
    r = stream_stats(calls)
    r["calls"] = r.pop("streams")
    r["other_packets"] = other
    if not meta:
        return r
    frame = Counter(ln for _, _, lens in meta for ln in lens).most_common(1)[0][0]
    full = -(-(mtu - 4 - frame) // (frame + 4))  # entries after which the next frame no longer fits
    timed = [t for t, n, _ in meta if n < full]
    span = (meta[-1][0] - meta[0][0]) / 1e9 or 1
    r["trunk"] = {"packets_per_s": len(meta) / span, "entries_per_packet": sum(n for _, n, _ in meta) / len(meta),
                  "full_entries": full, "partial_share_pct": 100.0 * len(timed) / len(meta),
                  "all_intervals_ms": interval_stats([(b[0] - a[0]) / 1e6 for a, b in zip(meta, meta[1:])]),
                  "tick_grid": grid_stats([(b - a) / 1e6 for a, b in zip(timed, timed[1:])])}
    return r

def grid_stats(gaps_ms, period=20.0):
    """How close intervals lie to a whole number of periods: a tick with nothing left to send sends no
    packet, so the next tick-sent packet comes 40 ms later, which is on time all the same."""
    if not gaps_ms:
        return None
    dev = sorted(abs(g - period * max(1, round(g / period))) for g in gaps_ms)
    return {"count": len(dev), "within_1ms_pct": 100.0 * sum(d <= 1 for d in dev) / len(dev),
            "dev_p95": pct(dev, 0.95), "max_interval": max(gaps_ms)}

# --- one run -------------------------------------------------------------------------------------
def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def kv(path):
    return dict(line.split("=", 1) for line in read(path).splitlines() if "=" in line)

def requests(start, end, trace):
    """FUSE requests per second by opcode: the metrics endpoint's counters, else the tracepoint's count."""
    if start and end and start.get("metrics") and end.get("metrics"):
        seconds = (end["mono_ns"] - start["mono_ns"]) / 1e9
        pat = re.compile(r'^metronome_dahdi_requests_total\{.*opcode="([^"]+)"')
        ops = {}
        for key, v in end["metrics"].items():
            m = pat.match(key)
            if m:
                ops[m.group(1)] = ops.get(m.group(1), 0) + (v - start["metrics"].get(key, 0)) / seconds
        if ops:
            return {"source": "metrics", "per_s": ops}
    if trace and trace.get("seconds"):
        return {"source": "tracepoint", "per_s": {k: v / trace["seconds"] for k, v in trace["by_opcode"].items()},
                "lost": trace.get("lost", 0)}
    return None

def analyse(run, min_within, min_audio):
    meta = kv(os.path.join(run, "meta.txt"))
    start, end = read_json(os.path.join(run, "snap-start.json")), read_json(os.path.join(run, "snap-end.json"))
    a = {"meta": meta}
    pcap = os.path.join(run, "capture.pcap")
    if os.path.exists(pcap):
        pkts = read_pcap(pcap)
        if start and end:  # the capture outlasts the run: tcpdump drops the ring's last block when stopped
            pkts = [p for p in pkts if start["real_ns"] <= p[0] <= end["real_ns"]]
        a["streams"] = iax_analysis(pkts, int(meta.get("trunkmtu", 1240))) if meta.get("use") == "iax" else rtp_analysis(pkts)
    elif os.path.exists(os.path.join(run, "analysis.json")):  # the capture was analysed and dropped before
        a["streams"] = (read_json(os.path.join(run, "analysis.json")) or {}).get("streams")
    m = re.search(r"(\d+) packets? dropped by kernel", read(os.path.join(run, "tcpdump.txt")))
    a["capture_dropped"] = int(m.group(1)) if m else None
    if start and end:
        seconds = (end["mono_ns"] - start["mono_ns"]) / 1e9
        a["seconds"] = seconds
        a["load"] = [start["loadavg"][0], end["loadavg"][0]]
        a["cpu_pct"] = {k: 100.0 * (end["ticks"][k] - v) / start["clk_tck"] / seconds
                        for k, v in start["ticks"].items() if v is not None and end["ticks"].get(k) is not None}
        mt = end.get("metrics", {})
        a["timer_channels_open"] = mt.get("metronome_dahdi_timer_channels_open")
    a["requests"] = requests(start, end, read_json(os.path.join(run, "trace-counts.json")))
    if a["requests"]:
        total = sum(a["requests"]["per_s"].values())
        a["requests"]["total_per_s"] = total
        if a.get("timer_channels_open"):
            a["requests"]["per_channel_per_s"] = total / a["timer_channels_open"]
    st = re.search(r"(\d+) timed and (\d+) untimed transmits", read(os.path.join(run, "iax-stats-end.txt")))
    if st:
        a["iax_transmits"] = {"timed": int(st.group(1)), "untimed": int(st.group(2))}
    ch = kv(os.path.join(run, "calls.txt"))
    a["calls"] = ch
    a["verdict"] = verdict(a, meta, ch, min_within, min_audio)
    return a

def verdict(a, meta, ch, min_within, min_audio):
    why = []
    expect = int(meta.get("expect_calls", 0))
    if int(ch.get("live_start", -1)) < expect:
        why.append(f"{ch.get('live_start', '?')} of {expect} calls came up")
    elif int(ch.get("live_end", -1)) < expect:
        why.append(f"{expect - int(ch.get('live_end', 0))} calls dropped")
    s = a.get("streams") or {}
    iv, aw = s.get("intervals_ms"), s.get("audio_per_wall")
    if not iv or not aw:
        why.append("no stream captured")
    else:
        if iv["within_1ms_pct"] < min_within:
            why.append(f"{iv['within_1ms_pct']:.1f} % within 20 ± 1 ms < {min_within:g} %")
        if aw["mean"] < min_audio:
            why.append(f"audio/wall {aw['mean']:.4f} < {min_audio:g}")
    if a.get("capture_dropped"):
        why.append(f"capture dropped {a['capture_dropped']} packets")
    return "pass" if not why else "fail: " + "; ".join(why)

# --- report --------------------------------------------------------------------------------------
USES = [("conference", "Conference (ConfBridges of 8 tones; streams: each bridge's mix over RTP to b)"),
        ("playback", "Playback (one long tone per call over RTP to a sink on b)"),
        ("iax", "IAX2 trunking (one trunk a → b, trunkfreq 20, trunkmtu 1240; streams: each call's entries)")]

def f(v, fmt="{:.1f}"):
    return "–" if v is None else fmt.format(v)

def row(a):
    m, s = a["meta"], a.get("streams") or {}
    iv, aw = s.get("intervals_ms"), s.get("audio_per_wall")
    cpu = a.get("cpu_pct", {})
    req = a.get("requests")
    if req:
        ops = ", ".join(f"{k} {v:.0f}" for k, v in sorted(req["per_s"].items(), key=lambda x: -x[1]) if v >= 0.5)
        reqs = f"{req['total_per_s']:.0f} ({ops}; {req['source']})"
        per_ch = f(req.get("per_channel_per_s"))
    else:
        reqs = per_ch = "–"
    ch = a.get("calls", {})
    cells = [m.get("timer", "?"), m.get("condition", "?"), m.get("n", "?"),
             " → ".join(a.get("load", [])) or "?",
             f"{ch.get('channels_a_start', '?')} → {ch.get('channels_a_end', '?')}",
             f(s.get("streams", s.get("calls")), "{}"),
             f(iv and iv["within_1ms_pct"], "{:.1f} %"),
             f"{f(iv and iv['p5'])} / {f(iv and iv['p95'])} / {f(iv and iv['max'])}",
             f"{f(aw and aw['mean'], '{:.4f}')} ({f(aw and aw['min'], '{:.4f}')})"]
    if m.get("use") == "iax":
        tr, tx = s.get("trunk") or {}, a.get("iax_transmits") or {}
        g = tr.get("tick_grid")
        cells += [f"{tx.get('timed', '–')} / {tx.get('untimed', '–')}",
                  f"{f(tr.get('packets_per_s'), '{:.0f}')} ({f(tr.get('entries_per_packet'))})",
                  f"{f(g and g['within_1ms_pct'], '{:.1f} %')}, {f(g and g['dev_p95'])} / {f(g and g['max_interval'])}"]
    cells += [reqs, per_ch,
              f"{f(cpu.get('asterisk_a'))} / {f(cpu.get('metronome'))} / {f(cpu.get('asterisk_b'))} / {f(cpu.get('tcpdump'))}",
              a.get("verdict", "?")]
    return "| " + " | ".join(str(c) for c in cells) + " |"

def report(runs, min_within, min_audio):
    rows = []
    for r in runs:
        a = read_json(os.path.join(r, "analysis.json")) or analyse(r, min_within, min_audio)
        a["verdict"] = verdict(a, a["meta"], a.get("calls", {}), min_within, min_audio)
        rows.append(a)
    key = lambda a: (a["meta"].get("condition", ""), a["meta"].get("timer", ""), int(a["meta"].get("n", 0)))
    lines = []
    for use, title in USES:
        sel = sorted((a for a in rows if a["meta"].get("use") == use), key=key)
        if not sel:
            continue
        head = ["timer", "condition", "N calls", "load avg", "channels on a", "streams",
                "intervals within 20 ± 1 ms", "interval p5 / p95 / max (ms)", "audio/wall mean (min)"]
        if use == "iax":
            head += ["`iax2 show stats` timed / untimed", "trunk packets/s (entries each)",
                     "tick-sent packets: intervals within 1 ms of a multiple of 20 ms, deviation p95 / longest interval (ms)"]
        head += ["FUSE requests/s (by opcode; source)", "requests/s per timer channel",
                 "CPU % asterisk a / metronome dahdi / asterisk b / tcpdump", "verdict"]
        lines += [f"### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += [row(a) for a in sel]
        lines.append("")
    lines += ["### Knee (the largest N that passed; the sweep stops at the first failure)", "",
              "| use | timer | condition | N run | knee | first failure |", "|---|---|---|---|---|---|"]
    sweeps = defaultdict(list)
    for a in rows:
        m = a["meta"]
        sweeps[(m.get("use"), m.get("timer"), m.get("condition"))].append(a)
    order = {u: i for i, (u, _) in enumerate(USES)}
    for (use, timer, cond), sel in sorted(sweeps.items(), key=lambda x: (order.get(x[0][0], 9), x[0][2], x[0][1])):
        sel.sort(key=lambda a: int(a["meta"].get("n", 0)))
        passed = [int(a["meta"]["n"]) for a in sel if a["verdict"] == "pass"]
        fail = next((a for a in sel if a["verdict"] != "pass"), None)
        lines.append(f"| {use} | {timer} | {cond} | {' '.join(a['meta']['n'] for a in sel)} | "
                     f"{max(passed) if passed else '< ' + sel[0]['meta']['n']} | "
                     f"{('N=' + fail['meta']['n'] + ': ' + fail['verdict'][6:]) if fail else '–'} |")
    return "\n".join(lines) + "\n"

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snap"); s.add_argument("--out", required=True); s.add_argument("--metrics")
    s.add_argument("procs", nargs="*")
    t = sub.add_parser("trace-count"); t.add_argument("--trace", required=True)
    t.add_argument("--seconds", type=float, required=True); t.add_argument("--out", required=True)
    for name in ("analyse", "report"):
        p = sub.add_parser(name); p.add_argument("runs", nargs="+")
        p.add_argument("--min-within", type=float, default=90.0); p.add_argument("--min-audio", type=float, default=0.999)
    args = ap.parse_args()
    if args.cmd == "snap":
        return snap(args.out, args.metrics, args.procs)
    if args.cmd == "trace-count":
        return trace_count(args.trace, args.seconds, args.out)
    if args.cmd == "analyse":
        for run in args.runs:
            a = analyse(run, args.min_within, args.min_audio)
            with open(os.path.join(run, "analysis.json"), "w") as fh:
                json.dump(a, fh, indent=1)
            print(a["verdict"])
        return 0
    sys.stdout.write(report(args.runs, args.min_within, args.min_audio))
    return 0

if __name__ == "__main__":
    sys.exit(main())
