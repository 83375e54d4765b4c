#!/usr/bin/env python3
"""Redis commands each script makes, from a redis MONITOR capture: every "[0 lua]" line belongs to the
EVALSHA before it (Redis runs a script to the end before anything else). Usage: calls.py <monitor file> [names]
names: sha=label,... (the first 8 hex digits of the SHA1)."""
import sys, re, collections
names = dict(kv.split('=') for kv in sys.argv[2].split(',')) if len(sys.argv) > 2 else {}
calls = collections.Counter(); cmds = collections.defaultdict(collections.Counter); cur = None
for line in open(sys.argv[1], errors='replace'):
    m = re.search(r'\[\d+ [^\]]*\] "([^"]+)"(?: "([^"]*)")?(?: "([^"]*)")?', line)
    if not m: continue
    if ' lua]' in line:
        if cur is None: continue
        cmd = m.group(1).upper(); k = m.group(2) or ''
        # the key's kind: the part after the tenant's hash tag up to the first ':' ("qa", "c", "fm", ...)
        kind = re.sub(r'^.*\}:', '', k).split(':')[0]
        cmds[cur][f'{cmd} {kind}'] += 1
    else:
        if m.group(1).upper() == 'EVALSHA':
            cur = (m.group(2) or '')[:8]; calls[cur] += 1
        else:
            cur = None
for sha, n in calls.most_common():
    total = sum(cmds[sha].values())
    top = ', '.join(f'{c}: {v / n:.1f}' for c, v in cmds[sha].most_common(40))
    qa = sum(v for c, v in cmds[sha].items() if c.endswith(' qa'))
    print(f'{names.get(sha, sha)} calls {n}, redis.call per script {total / n:.1f} ({(total - qa) / n:.1f} without the qa: writes): {top}')
