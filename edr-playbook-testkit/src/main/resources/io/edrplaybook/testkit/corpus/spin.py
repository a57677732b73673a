# Never returns: only the deadline stops it.
def run(ctx):
    while True:
        pass
