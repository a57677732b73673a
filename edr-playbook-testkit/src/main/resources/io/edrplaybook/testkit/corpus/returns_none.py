# Returning None is a success with no result.
def run(ctx):
    return None
