# Defines run and undo: UNDO calls undo, with the original run's result in ctx["original"].
def run(ctx):
    return {"entry": "run"}


def undo(ctx):
    return {"entry": "undo", "rule": ctx["original"]["result"]["rule"]}
