#!/usr/bin/env python3
"""Summarizes async-profiler collapsed stacks (with `threads`): CPU samples by thread group, the frames that take the
most samples themselves (leaf, kernel frames folded into the nearest Java or native caller) and the frames that take the
most including callees. Usage: load-tests/profile-summary.py FILE [top (25)] [frame-prefix...]; THREADS=regex keeps only
the stacks of the threads whose name matches (say THREADS=eventloop)."""
import os
import re
import sys
from collections import Counter

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
only = re.compile(os.environ.get("THREADS", ""))
prefixes = tuple(sys.argv[3:]) or ("io/portcullis", "io/vertx", "io/netty", "io/micrometer", "com/fasterxml")
threads, leaf, inclusive, kernel = Counter(), Counter(), Counter(), 0
total = 0
for line in open(path):
    stack, _, n = line.rstrip("\n").rpartition(" ")
    n = int(n)
    frames = stack.split(";")
    thread = frames[0].strip("[]").split(" tid=")[0] if frames[0].startswith("[") else ""
    if not only.search(thread):
        continue
    total += n
    if thread:
        threads[re.sub(r"\d+", "N", thread)] += n
        frames = frames[1:]
    user = [f for f in frames if not f.endswith("_[k]")]
    if len(user) < len(frames) and frames[-1].endswith("_[k]"):
        kernel += n
    if user:
        leaf[user[-1]] += n
    for f in set(frames):
        if f.startswith(prefixes):
            inclusive[f] += n

pct = lambda n: f"{100.0 * n / max(1, total):5.1f}%"
print(f"{total} samples; in the kernel (leaf frame): {pct(kernel)}")
print("\nby thread:")
for name, n in threads.most_common(12):
    print(f"  {pct(n)}  {name}")
print(f"\nself (leaf, kernel folded into its caller), top {top}:")
for name, n in leaf.most_common(top):
    print(f"  {pct(n)}  {name}")
print(f"\nincluding callees, frames starting with {', '.join(prefixes)}, top {top}:")
for name, n in inclusive.most_common(top):
    print(f"  {pct(n)}  {name}")
