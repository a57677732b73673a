# Defines run only: TEST falls back to run, which sees ctx["test"] == True.
def run(ctx):
    return {"entry": "run", "test": ctx.get("test")}
