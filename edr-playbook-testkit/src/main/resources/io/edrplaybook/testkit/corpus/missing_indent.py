# The body of run is not indented (line 3): an IndentationError on every Python, at line 3.
def run(ctx):
return {'value': 1}
