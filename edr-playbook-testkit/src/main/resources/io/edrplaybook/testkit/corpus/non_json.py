# Returns a value that is not JSON, as ctx["what"] says: each must fail the run.
def run(ctx):
    what = ctx["what"]
    if what == "set":
        return {"s": set([1, 2])}
    if what == "object":
        return {"o": object()}
    if what == "nan":
        return {"n": float("nan")}
    if what == "infinity":
        return {"i": float("inf")}
    if what == "tuple_key":
        return {(1, 2): "pair"}
    if what == "list":
        return [1, 2, 3]
    if what == "string":
        return u"done"
    if what == "number":
        return 42
    if what == "top_set":
        return set([1])
    return {}
