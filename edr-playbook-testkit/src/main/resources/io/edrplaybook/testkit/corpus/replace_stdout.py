import sys

# Replaces sys.stdout and sys.stderr and never restores them: the runner must.
class Sink(object):
    def write(self, text):
        pass

    def flush(self):
        pass


def run(ctx):
    sys.stdout = Sink()
    sys.stderr = Sink()
    return {}
