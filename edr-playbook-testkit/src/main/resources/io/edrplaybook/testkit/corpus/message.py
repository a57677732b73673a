# The "message" key is the one-line summary; it passes through in the result.
def run(ctx):
    return {"message": u"Posted to " + ctx["channel"], "count": 2}
