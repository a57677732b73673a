# Test stand-in for the firewall script (the real one lives in samples/scripts).
def run(ctx):
    return {"message": "blocked " + ctx["event"]["device"]["address"]}
