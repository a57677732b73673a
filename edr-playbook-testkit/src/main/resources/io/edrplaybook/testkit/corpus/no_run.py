# Defines no top-level run: refused at compile time.
def execute(ctx):
    return {}


class Action(object):
    def run(self, ctx):
        return {}
