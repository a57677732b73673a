# Reports its sys.path and working directory.
import os
import sys


def run(ctx):
    return {'path': [p for p in sys.path if p], 'cwd': os.getcwd()}
