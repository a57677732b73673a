# -*- coding: no-such-codec -*-
# Declares a source encoding no Python knows: refused as an encoding error.
def run(ctx):
    return {}
