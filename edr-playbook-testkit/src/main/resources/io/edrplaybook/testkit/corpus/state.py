# Module state and globals written by one run must not be seen by the next.
seen = []


def run(ctx):
    seen.append(ctx["value"])
    g = globals()
    previous = g.get("left_behind")
    g["left_behind"] = ctx["value"]
    return {"seen": len(seen), "previous": previous}
