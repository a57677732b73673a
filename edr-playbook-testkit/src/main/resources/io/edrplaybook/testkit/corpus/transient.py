# An exception with a true "transient" attribute is a transient failure.
class TemporarilyUnavailable(Exception):
    transient = True


def run(ctx):
    if ctx.get("transient"):
        raise TemporarilyUnavailable(u"service busy, try again")
    raise ValueError(u"bad request")
