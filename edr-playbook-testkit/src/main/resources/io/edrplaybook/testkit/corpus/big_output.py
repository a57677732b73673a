from __future__ import print_function

import sys

# Prints "BEGIN" and then ctx["size"] characters "x": more than the runner's cap.
def run(ctx):
    sys.stdout.write("BEGIN")
    chunk = "x" * 1024
    left = ctx["size"]
    while left > 0:
        sys.stdout.write(chunk[:min(left, 1024)])
        left -= 1024
    return {"printed": ctx["size"]}
