# Careless on purpose: prints its API key and returns it, in the message and in the result.
def run(ctx):
    key = ctx["connector"]["auth"]["apiKey"]
    print("calling with key " + key)
    return {"message": "used key " + key, "key": key}
