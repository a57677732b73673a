# Changes its sys.path and its working directory; a later run must find neither change.
import os
import sys


def run(ctx):
    sys.path.append('/edr-kit-left-behind')
    os.chdir(os.path.dirname(os.path.abspath(os.sep)))
    return {'cwd': os.getcwd()}
