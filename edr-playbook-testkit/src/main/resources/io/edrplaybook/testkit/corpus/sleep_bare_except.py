import time

# Sleeps forever, swallowing whatever interrupts the sleep.
def run(ctx):
    while True:
        try:
            time.sleep(3600)
        except:
            pass
