# Does a little work with its own ctx: concurrent runs must each get their own answer.
def run(ctx):
    n = ctx["n"]
    total = 0
    for i in range(200):
        total += i
    return {"n": n, "square": n * n, "label": u"worker-" + ctx["label"], "total": total}
