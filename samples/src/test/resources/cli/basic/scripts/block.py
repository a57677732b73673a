# A stand-in for a firewall block: no network, says what it would block.
def run(ctx):
    address = ctx["event"]["device"].get("address")
    if not address:
        raise ValueError("no address to block on %s" % ctx["event"]["device"]["name"])
    return {"message": "blocked %s" % address}
