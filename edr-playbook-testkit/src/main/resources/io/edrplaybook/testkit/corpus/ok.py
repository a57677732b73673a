# The health check: a normal run that must succeed after every bad case.
def run(ctx):
    return {"ok": True}
