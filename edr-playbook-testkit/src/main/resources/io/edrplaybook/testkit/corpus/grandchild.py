# Starts a child process that starts a grandchild, both marked with ctx['marker'] on their command
# lines; waits until the grandchild has written ctx['started'], then hangs past the deadline. The
# runner must leave none of them running once the run has ended.
import os
import subprocess
import sys
import time

GRANDCHILD = "import sys, time\nopen(sys.argv[1], 'w').write('up')\ntime.sleep(600)\n"
CHILD = ("import subprocess, sys, time\n"
         "subprocess.Popen([sys.executable, '-c', sys.argv[3], sys.argv[1], sys.argv[2]])\n"
         "time.sleep(600)\n")


def run(ctx):
    marker, started = ctx['marker'], ctx['started']
    subprocess.Popen([sys.executable, '-c', CHILD, started, marker, GRANDCHILD])
    until = time.time() + 20
    while not os.path.exists(started) and time.time() < until:
        time.sleep(0.01)
    print('grandchild started' if os.path.exists(started) else 'grandchild did not start')
    while True:
        time.sleep(0.05)
