from __future__ import print_function

import sys

# Prints to stdout and stderr, then returns.
def run(ctx):
    print("to stdout")
    print("to stderr", file=sys.stderr)
    sys.stdout.write("written\n")
    return {"printed": True}
