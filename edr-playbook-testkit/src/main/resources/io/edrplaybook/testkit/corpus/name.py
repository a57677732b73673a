# Scripts run with __name__ == "__action__", so a __main__ block stays inert.
def run(ctx):
    return {"name": __name__}


if __name__ == "__main__":
    raise SystemExit("the __main__ block ran")
