# What a script sees of its surroundings: __file__, sys.argv, the working directory, sys.path[0]
# and a file beside it, opened by its bare name.
import os
import sys


def run(ctx):
    sibling = None
    if os.path.exists('sibling.txt'):
        with open('sibling.txt') as f:
            sibling = f.read().strip()
    return {
        'file': __file__,
        'argv': list(sys.argv),
        'cwd': os.path.realpath(os.getcwd()),
        'cwd_is_dir': os.path.isdir(os.getcwd()),
        'path0': os.path.realpath(sys.path[0]) if sys.path and sys.path[0] else None,
        'sibling': sibling,
    }
