# Careless on purpose: prints its API key, then fails with it in the exception's message.
def run(ctx):
    key = ctx["connector"]["auth"]["apiKey"]
    print("calling with key " + key)
    raise ValueError("the service refused key " + key)
