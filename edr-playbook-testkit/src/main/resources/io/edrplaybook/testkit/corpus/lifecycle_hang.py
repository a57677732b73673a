# Tells the kit it started (a connection to 127.0.0.1:ctx['port'], when given), then hangs until
# the deadline or the runner's close() stops it.
import socket
import time


def run(ctx):
    signal = None
    if ctx.get('port'):
        signal = socket.create_connection(('127.0.0.1', ctx['port']), 30)
    while True:
        time.sleep(0.05)
    return {'signalled': signal is not None}
