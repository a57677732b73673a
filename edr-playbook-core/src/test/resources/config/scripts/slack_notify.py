# Test stand-in for the Slack script (the real one lives in samples/scripts).
def run(ctx):
    return {"message": "posted to " + ctx["params"]["channel"]}
