# Test stand-in for the Teams script (the real one lives in samples/scripts).
def run(ctx):
    return {"message": "posted to Teams"}
