# A loop inside a bare except: swallows any exception injected once.
def run(ctx):
    while True:
        try:
            while True:
                pass
        except:
            pass
