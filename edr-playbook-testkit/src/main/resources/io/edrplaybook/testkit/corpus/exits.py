import sys

# Calls sys.exit the way ctx["how"] says.
def run(ctx):
    how = ctx["how"]
    if how == "bare":
        sys.exit()
    if how == "zero":
        sys.exit(0)
    if how == "none":
        sys.exit(None)
    if how == "three":
        sys.exit(3)
    if how == "text":
        sys.exit(u"gave up")
    return {"exited": False}
