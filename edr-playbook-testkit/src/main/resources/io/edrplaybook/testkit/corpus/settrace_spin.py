import sys

# Tries to switch off whatever trace hook the runner installed, then spins.
def run(ctx):
    sys.settrace(None)
    while True:
        pass
