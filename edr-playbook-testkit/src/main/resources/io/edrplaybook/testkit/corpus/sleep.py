import time

# Sleeps for an hour: only the deadline stops it.
def run(ctx):
    time.sleep(3600)
    return {}
