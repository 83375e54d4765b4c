#!/usr/bin/env python3
"""The A/B table of README.md from the raw run outputs (<build>-<store>-<agents>x<rate>-abN.txt)."""
import glob, re, os
rows = []
for f in sorted(glob.glob('*-ab*.txt'), key=os.path.getmtime):
    if f.endswith(('.server-errors.txt', '.commandstats.txt')): continue
    t = open(f).read()
    done = int(re.search(r'completed (\d+)', t).group(1))
    rate = re.search(r'throughput: (\d+)', t).group(1)
    e = re.search(r'enqueue-to-offer\s+n\s+\d+\s+p50\s+([\d.]+) ms\s+p90\s+([\d.]+) ms\s+p99\s+([\d.]+)', t)
    srv = float(re.search(r'server_cpu_s=([\d.]+)', t).group(1)); red = float(re.search(r'redis_cpu_s=([\d.]+)', t).group(1))
    sim = sum(float(x) for x in re.search(r'sim_cpu_user=([\d.]+) sim_cpu_sys=([\d.]+)', t).groups())
    wall = float(re.search(r'sim_wall=([\d.]+)', t).group(1))
    inv = 'held' if 'invariants: held' in t else 'BROKEN'
    cmds = '–'
    cs = f[:-4] + '.commandstats.txt'
    if os.path.exists(cs):
        n = sum(int(m.group(2)) for m in re.finditer(r'cmdstat_(\S+?):calls=(\d+)', open(cs).read()) if m.group(1) not in ('evalsha', 'eval'))
        cmds = f'{n / done:.1f}'
    rows.append(f"| {f[:-4]} | {done} | {rate} | {float(e[1]):,.0f} / {float(e[2]):,.0f} / {float(e[3]):,.0f} | {srv:.1f} ({srv * 1000 / done:.2f}) | "
                + (f"{red:.2f} ({red * 1000 / done:.3f})" if red else '–') + f" | {cmds} | {sim:.1f} ({sim * 100 / wall:.0f}% of a core) | {inv} |")
print('| run (in the order run) | completed | completed/s | enqueue-to-offer p50 / p90 / p99 ms | server CPU s (ms per contact) | redis CPU s (ms per contact) | Redis commands per lifecycle (commandstats, scripts\' calls) | simulator CPU s | invariants |')
print('|---|---|---|---|---|---|---|---|---|')
print('\n'.join(rows))
