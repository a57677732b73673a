# Defines both entry points: RUN calls run, TEST calls test.
def run(ctx):
    return {"entry": "run", "test": ctx.get("test")}


def test(ctx):
    return {"entry": "test", "test": ctx.get("test")}
