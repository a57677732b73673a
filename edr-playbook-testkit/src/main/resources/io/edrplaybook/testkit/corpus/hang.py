# Prints, then hangs in a function of its own until the deadline stops it.
import time


def spin_here():
    n = 0
    while True:
        n += 1


def sleep_here():
    while True:
        time.sleep(0.05)


def run(ctx):
    print('printed before the deadline')
    if ctx['how'] == 'sleep':
        sleep_here()
    else:
        spin_here()
