# A stand-in for a chat notification: no network, says what it would post.
def run(ctx):
    event = ctx["event"]
    return {"message": "notified %s: %s event %s on %s" % (
        ctx["params"]["channel"], event["classification"], event["id"], event["device"]["name"])}


def test(ctx):
    return {"message": "chat reachable at %s:%s" % (ctx["connector"]["host"], ctx["connector"]["port"])}
