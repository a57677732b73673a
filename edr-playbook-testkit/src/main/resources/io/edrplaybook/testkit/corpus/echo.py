# Returns ctx unchanged: every JSON type goes in and comes back out.
def run(ctx):
    return {"ctx": ctx}
