# Line 3 is not Python: the runner must refuse this file at compile time, naming line 3.
def run(ctx):
    if ctx = 1:
        return {}
