# Raises a script-defined exception two frames deep: the traceback must show lines 10 and 14.
import sys


class ConnectorError(Exception):
    pass


def helper(ctx):
    raise ConnectorError(ctx["reason"])


def run(ctx):
    helper(ctx)
    return {}
