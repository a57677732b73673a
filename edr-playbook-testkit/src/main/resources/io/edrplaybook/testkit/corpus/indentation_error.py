# Line 4 is indented where no block opens: an IndentationError on every Python, at line 4.
def run(ctx):
    value = 1
        return {'value': value}
