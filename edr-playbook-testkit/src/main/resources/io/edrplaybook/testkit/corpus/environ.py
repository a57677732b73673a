# What a script sees of its environment: the names of its variables (never their values: they
# could be secrets) and the values of the variables ctx['show'] names.
import os


def run(ctx):
    return {
        'names': sorted(os.environ.keys()),
        'shown': dict((k, os.environ.get(k)) for k in ctx.get('show', [])),
    }
