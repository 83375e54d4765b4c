#!/usr/bin/env python3
"""The README's table from the runs' raw output (*.txt next to it)."""
import glob, os, re
os.chdir(os.path.dirname(os.path.abspath(__file__)))
def fig(path):
    t = open(path).read()
    if 'wall_s=' not in t:
        return None
    g = lambda p: (re.search(p, t) or [None, '?'])[1]
    e2o = re.search(r'enqueue-to-offer\s+n\s+\d+\s+p50\s+([\d.]+) ms\s+p90\s+([\d.]+) ms\s+p99\s+([\d.]+) ms', t)
    sub = re.search(r'submit latency\s+n\s+\d+\s+p50\s+([\d.]+) ms', t)
    wall = float(g(r'wall_s=([\d.]+)'))
    sim = float(g(r'sim_cpu_user=([\d.]+)')) + float(g(r'sim_cpu_sys=([\d.]+)'))
    done = int(g(r'completed (\d+), still'))
    srv, rds = float(g(r'server_cpu_s=([\d.]+)')), float(g(r'redis_cpu_s=([\d.]+)'))
    inv = 'held' if 'invariants: held' in t else 'BROKEN'
    submitted, rate = g(r'submitted (\d+)'), g(r'throughput: (\d+)')
    return (f"| {os.path.basename(path)[:-4]} | {submitted} | {done} | {rate} | "
            f"{e2o[1]} / {e2o[2]} / {e2o[3]} | {sub[1]} | {srv:.1f} ({srv / done * 1000:.2f}) | {rds:.1f} ({rds / done * 1000:.2f}) | "
            f"{sim:.1f} ({sim / wall * 100:.0f}% of a core) | {inv} |")
print("| run | submitted | completed | completed/s | enqueue-to-offer p50 / p90 / p99 ms | submit p50 ms | server CPU s (ms per contact) | redis CPU s (ms per contact) | simulator CPU s | invariants |")
print("|---|---|---|---|---|---|---|---|---|---|")
for p in sorted(glob.glob('*-*x*.txt'), key=lambda p: (p.split('-', 1)[1], p)):
    if not p.endswith(('.commandstats.txt', '.server-errors.txt', '.sim.txt')):
        if (row := fig(p)):
            print(row)
