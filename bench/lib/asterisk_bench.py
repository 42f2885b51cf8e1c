#!/usr/bin/env python3
"""bench/asterisk.sh's measuring half (standard library only).

  capture --port P --seconds S --out F   receive the conference's RTP stream on 127.0.0.1:P for S s
                                         (from the first packet); F holds per packet the arrival
                                         time (CLOCK_MONOTONIC ns) and the packet
  analyse --session DIR --freqs LIST     measure one session (its rtp.bin and mix.wav), print JSON
  report DIR... --out FILE               the markdown tables of bench/results/asterisk.md

What the conference measure looks at. Every participant plays one continuous sine (a frequency
that is not a multiple of 50 Hz, so a 20 ms frame is never a whole number of periods). The mix is
cut into consecutive 160-sample (20 ms) blocks; in each block every tone's amplitude and phase are
fitted by least squares (one cosine and one sine per tone, plus DC). In a continuous mix each tone's
phase advances by exactly 2*pi*f*20 ms from block to block. A block is *bad* when it is silent, a
tone is missing from it (its amplitude under half its usual value), a tone's phase jumped by more
than 0.25 rad (a lost, repeated or shifted piece of that participant's audio), or what the fit
cannot explain (the residual) is far above its usual level (a discontinuity inside the block).
The RTP listener adds what a file cannot show: when each mixed frame left Asterisk, so the mixing
interval and its jitter, and how many frames were sent per second of wall time.

Which measure tells a bad timer apart. The audio does not, by itself: bridge_softmix buffers every
participant, so a timer that ticks in 4 ms bursts (`metronome dahdi --source dotnet`) still yields a
gap-free mix with the right number of samples. What it changes is *when* each 20 ms mix is made: the
intervals spread over 16..24 ms. The central spread of the intervals (p5..p95, and the share within
20 +- 1 ms) shows that and is robust to the rare long stalls that a loaded, shared machine causes
whatever the timer; the standard deviation and the maximum are not, and the RFC 3550 jitter is
reported because it is what an RTP receiver (a phone) would compute.
"""
import argparse, bisect, json, math, os, re, socket, struct, sys, time, wave

RATE, BLOCK = 8000, 160

# --- capture -------------------------------------------------------------------------------------
def capture(port, seconds, out, first_wait=30.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind(("127.0.0.1", port))
    s.settimeout(first_wait)
    n, first = 0, None
    with open(out, "wb") as f:
        while True:
            try:
                data = s.recv(2048)
            except socket.timeout:
                break
            now = time.monotonic_ns()
            if first is None:
                first = now
                s.settimeout(2.0)
            f.write(struct.pack("<qH", now, len(data)) + data)
            n += 1
            if now - first >= seconds * 1e9:
                break
    print(f"captured {n} RTP packets", file=sys.stderr)
    return 0 if n else 1

# --- audio ---------------------------------------------------------------------------------------
def _ulaw_table():
    t = []
    for b in range(256):
        u = ~b & 0xFF
        sign, exp, man = u & 0x80, (u >> 4) & 7, u & 0x0F
        v = (((man << 3) + 0x84) << exp) - 0x84
        t.append(-v if sign else v)
    return t
ULAW = _ulaw_table()

def read_rtp(path):
    """[(arrival_ns, seq, timestamp, samples)] from a capture file (G.711 u-law payload)."""
    pkts = []
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 10 <= len(data):
        t, n = struct.unpack_from("<qH", data, i); i += 10
        p = data[i:i + n]; i += n
        if len(p) < 12 or p[0] >> 6 != 2:
            continue
        cc, ext = p[0] & 0x0F, p[0] & 0x10
        seq, ts = struct.unpack_from(">HI", p, 2)
        off = 12 + 4 * cc
        if ext and len(p) >= off + 4:
            off += 4 + 4 * struct.unpack_from(">H", p, off + 2)[0]
        pkts.append((t, seq, ts, [ULAW[b] for b in p[off:]]))
    return pkts

def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono")
        raw = w.readframes(w.getnframes())
        return w.getframerate(), list(struct.unpack(f"<{len(raw) // 2}h", raw))

def _solve(a, b):
    """Gauss-Jordan: a (n x n) x = b (n x m), returns x."""
    n = len(a)
    m = [row[:] + brow[:] for row, brow in zip(a, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        m[c] = [v / piv for v in m[c]]
        for r in range(n):
            if r != c and m[r][c]:
                k = m[r][c]
                m[r] = [v - k * w for v, w in zip(m[r], m[c])]
    return [row[n:] for row in m]

def _fitter(freqs, rate=RATE, n=BLOCK):
    cols = [[1.0] * n]
    for f in freqs:
        w = 2 * math.pi * f / rate
        cols.append([math.cos(w * t) for t in range(n)])
        cols.append([math.sin(w * t) for t in range(n)])
    gram = [[sum(x * y for x, y in zip(ci, cj)) for cj in cols] for ci in cols]
    pinv = _solve(gram, cols)  # (B^T B)^-1 B^T, one row per column of B
    return cols, pinv

def _median(v):
    v = sorted(v)
    return v[len(v) // 2] if v else 0.0

def _pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] if v else 0.0

def analyse_audio(samples, freqs, rate=RATE, skip_start=2.0, skip_end=1.0):
    """Blocks of 20 ms after skip_start and before skip_end: how many are bad, and why."""
    n = BLOCK * rate // RATE
    cols, pinv = _fitter(freqs, rate, n)
    first, last = int(skip_start * rate) // n, (len(samples) - int(skip_end * rate)) // n
    blocks = []
    for k in range(first, last):
        x = samples[k * n:(k + 1) * n]
        c = [sum(p * v for p, v in zip(row, x)) for row in pinv]
        fit = [sum(c[j] * cols[j][t] for j in range(len(cols))) for t in range(n)]
        res = math.sqrt(sum((v - y) ** 2 for v, y in zip(x, fit)) / n)
        rms = math.sqrt(sum(v * v for v in x) / n)
        tones = [(math.hypot(c[1 + 2 * i], c[2 + 2 * i]), math.atan2(-c[2 + 2 * i], c[1 + 2 * i]))
                 for i in range(len(freqs))]
        blocks.append((rms, res, tones))
    if not blocks:
        return {"blocks": 0}
    med_rms = _median([b[0] for b in blocks])
    med_res = _median([b[1] for b in blocks])
    med_amp = [_median([b[2][i][0] for b in blocks]) for i in range(len(freqs))]
    step = [2 * math.pi * f * n / rate for f in freqs]
    silent = dropouts = jumps = distorted = bad = 0
    prev = None
    for rms, res, tones in blocks:
        is_bad = False
        if rms < 0.1 * med_rms:
            silent += 1; is_bad = True
        if res > max(3 * med_res, 0.05 * med_rms):
            distorted += 1; is_bad = True
        for i, (a, ph) in enumerate(tones):
            if a < 0.5 * med_amp[i]:
                dropouts += 1; is_bad = True
            elif prev is not None and prev[i][0] >= 0.5 * med_amp[i]:
                d = (ph - prev[i][1] - step[i] + math.pi) % (2 * math.pi) - math.pi
                if abs(d) > 0.25:
                    jumps += 1; is_bad = True
        bad += is_bad
        prev = tones
    minutes = len(blocks) * n / rate / 60
    return {"blocks": len(blocks), "bad": bad, "bad_pct": 100.0 * bad / len(blocks),
            "bad_per_min": bad / minutes, "silent": silent, "dropouts": dropouts, "jumps": jumps,
            "distorted": distorted, "seconds": len(samples) / rate,
            "residual_db": 20 * math.log10(max(med_res, 1e-9) / max(med_rms, 1e-9))}

def analyse_session(d, freqs):
    out = {}
    rtp = os.path.join(d, "rtp.bin")
    if os.path.exists(rtp):
        pkts = read_rtp(rtp)
        if len(pkts) > 10:
            t = [p[0] for p in pkts]
            gaps = [(b - a) / 1e6 for a, b in zip(t, t[1:])]
            steady = gaps[int(2.0 / 0.02):]  # after the participants have joined
            nsamp = sum(len(p[3]) for p in pkts)
            wall = (t[-1] - t[0]) / 1e9 + len(pkts[-1][3]) / RATE
            seq_lost = sum(((b[1] - a[1]) & 0xFFFF) - 1 for a, b in zip(pkts, pkts[1:]) if ((b[1] - a[1]) & 0xFFFF) != 1)
            mean = sum(steady) / len(steady)
            # RFC 3550 interarrival jitter (what an RTP receiver reports), in ms, after the joins
            j, js = 0.0, []
            for a, b in zip(pkts, pkts[1:]):
                dev = (b[0] - a[0]) / 1e6 - ((b[2] - a[2]) & 0xFFFFFFFF) / RATE * 1000
                j += (abs(dev) - j) / 16
                js.append(j)
            js = js[int(2.0 / 0.02):]
            out["rtp"] = {
                "packets": len(pkts), "first_ns": t[0], "wall_s": wall, "audio_s": nsamp / RATE,
                "audio_per_wall": nsamp / RATE / wall, "seq_lost": seq_lost,
                "rfc3550_jitter_ms": {"mean": sum(js) / len(js), "max": max(js)},
                "interval_ms": {"mean": mean, "sd": math.sqrt(sum((g - mean) ** 2 for g in steady) / len(steady)),
                                "p5": _pct(steady, 0.05), "p50": _pct(steady, 0.5), "p95": _pct(steady, 0.95),
                                "max": max(steady),
                                "within_1ms_pct": 100.0 * sum(abs(g - 20) <= 1 for g in steady) / len(steady)},
                "audio": analyse_audio([s for p in pkts for s in p[3]], freqs)}
    wav = os.path.join(d, "mix.wav")
    if os.path.exists(wav):
        rate, samples = read_wav(wav)
        rec = {"audio_s": len(samples) / rate, "audio": analyse_audio(samples, freqs, rate)}
        end = _read(os.path.join(d, "hangup-ns.txt")).strip()
        if "rtp" in out and end:  # from the conference's first frame to the hangup of all
            rec["wall_s"] = (int(end) - out["rtp"]["first_ns"]) / 1e9
            rec["audio_per_wall"] = rec["audio_s"] / rec["wall_s"]
        out["recording"] = rec
    return out

# --- report --------------------------------------------------------------------------------------
def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""

def _meta(d):
    return dict(line.split("=", 1) for line in _read(os.path.join(d, "meta.txt")).splitlines() if "=" in line)

def _timing(d, rate):
    runs, module, loads = [], set(), []
    for name in sorted(os.listdir(d)):
        if not name.startswith(f"timing-{rate}-"):
            continue
        text = _read(os.path.join(d, name))
        m = re.search(r"Using the '([^']+)' timing module", text)
        if m: module.add(m.group(1))
        elif "Failed to open timing fd" in text: module.add("none: Failed to open timing fd")
        m = re.search(r"It has been (\d+) milliseconds, and we got (\d+) timer ticks", text)
        runs.append(f"{m.group(2)}/{m.group(1)}" if m else "fail")
        m = re.search(r"loadavg ([\d.]+)", text)
        if m: loads.append(float(m.group(1)))
    return runs, ",".join(sorted(module)) or "?", loads

def _module_line(d):
    for line in _read(os.path.join(d, "module-show.txt")).splitlines():
        if line.startswith("res_timing_"):
            parts = line.split()
            return f"{parts[0]} {' '.join(p for p in parts if p in ('Running', 'Not', 'Declined'))}".strip()
    return "?"

def report(dirs, freqs):
    rows = [(d, _meta(d)) for d in dirs]
    lines = ["### timing test (ticks / milliseconds per run)", "",
             "| timer | condition | `module show like timing` | module used | 50 Hz runs | 1000 Hz runs | load avg (1 min) |",
             "|---|---|---|---|---|---|---|"]
    for d, m in rows:
        r50, mod, l50 = _timing(d, 50)
        r1k, mod2, l1k = _timing(d, 1000)
        loads = l50 + l1k
        la = f"{min(loads):.2f}–{max(loads):.2f}" if loads else "?"
        lines.append(f"| {m.get('label', d)} | {m.get('condition', '?')} | {_module_line(d)} | {mod} | "
                     f"{' '.join(r50)} | {' '.join(r1k)} | {la} |")
    lines += ["", "### conference (ConfBridge, 4 tones, mix received over RTP and recorded by the bridge)", "",
              "| timer | condition | load avg | mixing interval (RTP send): mean / sd / p5 / p95 / max (ms) | intervals within 20 ± 1 ms | RFC 3550 jitter mean / max (ms) | RTP audio/wall | bad blocks/min, RTP mix (silent / missing tone / phase jump / distorted) | recording audio/wall | bad blocks/min, recording |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for d, m in rows:
        a = analyse_session(d, freqs)
        json.dump(a, open(os.path.join(d, "analysis.json"), "w"), indent=1)
        la = " → ".join(_read(os.path.join(d, "conference-load.txt")).replace("loadavg ", "").split())
        r, rec = a.get("rtp"), a.get("recording")
        if not r and not rec:
            lines.append(f"| {m.get('label', d)} | {m.get('condition', '?')} | {la} | no conference data | | | | | | |")
            continue
        cells = [m.get("label", d), m.get("condition", "?"), la]
        if r:
            iv, au = r["interval_ms"], r["audio"]
            jit = r["rfc3550_jitter_ms"]
            cells += [f"{iv['mean']:.2f} / {iv['sd']:.2f} / {iv['p5']:.1f} / {iv['p95']:.1f} / {iv['max']:.1f}",
                      f"{iv['within_1ms_pct']:.1f} %", f"{jit['mean']:.2f} / {jit['max']:.2f}",
                      f"{r['audio_per_wall']:.4f} ({r['audio_s']:.1f} s)",
                      f"{au['bad_per_min']:.1f} ({au['silent']} / {au['dropouts']} / {au['jumps']} / {au['distorted']})"]
        else:
            cells += ["–"] * 5
        if rec:
            au = rec["audio"]
            cells += [f"{rec.get('audio_per_wall', float('nan')):.4f} ({rec['audio_s']:.1f} s)",
                      f"{au['bad_per_min']:.1f} ({au['silent']} / {au['dropouts']} / {au['jumps']} / {au['distorted']})" if au.get('blocks') else "–"]
        else:
            cells += ["no recording", "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture"); c.add_argument("--port", type=int, required=True)
    c.add_argument("--seconds", type=float, required=True); c.add_argument("--out", required=True)
    a = sub.add_parser("analyse"); a.add_argument("--session", required=True); a.add_argument("--freqs", required=True)
    r = sub.add_parser("report"); r.add_argument("dirs", nargs="+"); r.add_argument("--freqs", required=True)
    args = ap.parse_args()
    if args.cmd == "capture":
        return capture(args.port, args.seconds, args.out)
    freqs = [float(f) for f in args.freqs.split(",")]
    if args.cmd == "analyse":
        json.dump(analyse_session(args.session, freqs), sys.stdout, indent=1); print()
        return 0
    sys.stdout.write(report(args.dirs, freqs))
    return 0

if __name__ == "__main__":
    sys.exit(main())
