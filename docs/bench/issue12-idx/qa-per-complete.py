import sys,re,collections
sha=sys.argv[2]; cur=None; n=0; dist=collections.Counter(); tl=collections.Counter()
for line in open(sys.argv[1],errors='replace'):
    if ' lua]' in line:
        if cur: 
            if '"ZADD"' in line and '}:qa:' in line: n+=1
        continue
    if '"EVALSHA"' in line or '"evalsha"' in line:
        if cur: dist[n]+=1
        cur = sha in line; n=0
    else:
        if cur: dist[n]+=1
        cur=False
print(sorted(dist.items()))
