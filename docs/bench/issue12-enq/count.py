import sys, re, collections
for f in sys.argv[1:]:
    groups=[]; cur=None
    for line in open(f, errors='replace'):
        m = re.match(r'\S+ \[\d+ (\S+)\] "(\w+)"', line)
        if not m: continue
        src, cmd = m.groups()
        if src != 'lua':
            if cur is not None: groups.append(cur)
            cur = [] if cmd.upper() == 'EVALSHA' else None
            continue
        if cur is not None: cur.append((cmd.upper(), line))
    if cur is not None: groups.append(cur)
    # enqueue calls: first lua command a GET of the external-id record ":x:"
    enq=[g for g in groups if g and g[0][0]=='GET' and ':x:' in g[0][1]]
    n=len(enq); tot=sum(len(g) for g in enq)
    byc=collections.Counter(c for g in enq for c,_ in g)
    sizes=collections.Counter(len(g) for g in enq)
    print(f"{f}: {n} enqueue calls, {tot/n:.2f} redis.calls per enqueue; sizes {dict(sorted(sizes.items()))}")
    print("  per enqueue by command:", ", ".join(f"{c} {v/n:.2f}" for c,v in byc.most_common()))
