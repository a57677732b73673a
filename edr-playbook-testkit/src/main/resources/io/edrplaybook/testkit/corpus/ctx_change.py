# Changes its ctx every way a script can: none of it may reach a later run's ctx.
def run(ctx):
    nested = ctx["nested"]
    nested["added"] = 1
    nested["list"].append("appended")
    nested["list"][0] = "replaced"
    del nested["gone"]
    nested.setdefault("default", True)
    ctx["text"] = u"changed"
    ctx.update({"new": 2})
    ctx.pop("number")
    ctx["empty"].clear()
    ctx["empty"]["filled"] = True
    ctx.popitem()
    return {"keys": sorted(ctx.keys())}
