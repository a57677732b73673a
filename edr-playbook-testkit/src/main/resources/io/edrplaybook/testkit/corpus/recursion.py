# Recurses past the limit. Version-specific: RecursionError on 3, RuntimeError on 2.7 and Jython.
def down(n):
    return down(n + 1) + 1


def run(ctx):
    return {"depth": down(0)}
