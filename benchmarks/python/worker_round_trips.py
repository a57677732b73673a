"""Drives the cpython runner's worker (bootstrap.py) without the JVM, to see what a run costs the
worker itself and what the hand-offs between two processes cost on this machine.

    python3 benchmarks/python/worker_round_trips.py [--runs N] [--pairs P] [--depth D]
                                                    [--python PATH] [--site] [--spin-us S]

Starts P workers as the runner does (-I -S -B, the bootstrap as an argument of -c, a private
folder), compiles the benchmarks' trivial script in each, then sends N run frames to each from a
driver process of its own, keeping D of them in flight (1: one at a time, as the runner does; 2 or
more: the next frame is already waiting when the worker finishes). Prints the runs per second of
all pairs together and, per run, the CPU time the workers and the drivers used (/proc, Linux).
Prefix the command with `taskset -c 0` to put every process on one CPU. With --spin-us S both
sides poll their pipe for up to S microseconds before they block on it (the worker through a copy
of the bootstrap changed in memory for this measure only), to see what staying awake would buy.
"""
import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BOOTSTRAP = os.path.join(HERE, '..', '..', 'edr-playbook-subprocess', 'src', 'main', 'resources',
                         'io', 'edrplaybook', 'subprocess', 'internal', 'bootstrap.py')
LOADER = "import sys; exec(compile(sys.argv[1], '<edr-playbook-worker>', 'exec'))"
SCRIPT = ('def run(ctx):\n'
          '    return {"message": "notified " + ctx["connector"]["name"], "event": ctx["event"]["id"]}\n')
# the ctx the engine sends for the benchmarks' end-to-end event, as the worker receives it
CTX = {"action": {"name": "IM Notification", "description": "Tell the SOC"},
       "connector": {"name": "SOC Slack", "type": "CUSTOM", "organization": "acme", "jumpBox": "jb-1",
                     "host": "hooks.slack.example", "port": 443,
                     "auth": {"type": "apiKey", "apiKey": "xoxb-bench-0123456789"}},
       "event": {"id": "e2e-1", "organization": "acme", "classification": "MALICIOUS",
                 "previousClassification": None, "time": "2026-01-01T00:00:00.000Z",
                 "epochMillis": 1767225600000,
                 "device": {"name": "LAPTOP-1", "collectorGroup": "g1", "address": "10.1.2.3",
                            "os": "Windows 11"},
                 "details": {"process": "evil.exe", "rule": "Suspicious Script Execution"}},
       "params": {}, "test": False, "invocationId": "inv-1"}


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf('SC_CLK_TCK'))


def frame(obj):
    return (json.dumps(obj, separators=(',', ':')) + '\n').encode('ascii')


# what --spin-us puts before the worker's blocking read of its next frame
WORKER_READ = '''    while True:
        line = reader.readline()'''
WORKER_SPIN_READ = '''    import select as _select, time as _time
    while True:
        _until = _time.perf_counter() + %f
        while not _select.select([fin], [], [], 0)[0] and _time.perf_counter() < _until:
            pass
        line = reader.readline()'''


def spin_until_readable(fd, seconds):
    until = time.perf_counter() + seconds
    while not select.select([fd], [], [], 0)[0] and time.perf_counter() < until:
        pass


def drive(args):
    """One pair: starts a worker, runs it, prints 'runs_per_s worker_us driver_us'."""
    source = open(BOOTSTRAP).read()
    spin = args.spin_us / 1e6
    if spin:
        if source.count(WORKER_READ) != 1:
            sys.exit('--spin-us: the bootstrap no longer reads its frames as this tool expects')
        source = source.replace(WORKER_READ, WORKER_SPIN_READ % spin)
    home = tempfile.mkdtemp(prefix='edr-playbook-driver-')
    worker = subprocess.Popen([args.python, '-I', '-S', '-B', '-c', LOADER, source],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=home,
                              env={'PATH': '/usr/bin:/bin'})
    to_worker, from_worker = worker.stdin, worker.stdout
    to_worker.write(frame({"op": "init", "cap": 65536, "margin": 4096, "mem": 0, "site": args.site,
                           "path": []}))
    to_worker.flush()
    from_worker.readline()
    to_worker.write(frame({"op": "compile", "id": "c", "key": "k", "file": "notify.py", "src": SCRIPT}))
    to_worker.flush()
    from_worker.readline()
    runs = [frame({"op": "run", "id": "r%d" % i, "key": "k", "file": "notify.py", "fn": "run",
                   "ctx": CTX, "soft": 30000}) for i in range(args.runs + 1000)]
    for f in runs[:1000]:  # warm-up, one at a time
        to_worker.write(f)
        to_worker.flush()
        from_worker.readline()
    runs = runs[1000:]
    worker0, driver0, t0 = cpu_seconds(worker.pid), cpu_seconds(os.getpid()), time.perf_counter()
    sent = 0
    for f in runs[:args.depth]:
        to_worker.write(f)
        sent += 1
    to_worker.flush()
    for _ in range(args.runs):
        if spin:
            spin_until_readable(from_worker.fileno(), spin)
        answer = from_worker.readline()
        if sent < args.runs:
            to_worker.write(runs[sent])
            to_worker.flush()
            sent += 1
    elapsed = time.perf_counter() - t0
    worker_cpu = cpu_seconds(worker.pid) - worker0
    driver_cpu = cpu_seconds(os.getpid()) - driver0
    if b'"status":"ok"' not in answer:
        sys.exit('the worker did not run the script: %r' % answer)
    worker.kill()
    worker.wait()
    print('%f %f %f' % (args.runs / elapsed, worker_cpu / args.runs * 1e6, driver_cpu / args.runs * 1e6))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--runs', type=int, default=10000)
    p.add_argument('--pairs', type=int, default=1)
    p.add_argument('--depth', type=int, default=1)
    p.add_argument('--python', default='python3')
    p.add_argument('--site', action='store_true', help="the runner's default: site-packages importable")
    p.add_argument('--spin-us', type=float, default=0,
                   help='poll the pipes for up to this many microseconds before blocking (both sides)')
    p.add_argument('--pair', action='store_true', help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.pair:
        drive(args)
        return
    argv = [sys.executable, os.path.abspath(__file__), '--pair', '--runs', str(args.runs),
            '--depth', str(args.depth), '--python', args.python, '--spin-us', str(args.spin_us)] + (
                ['--site'] if args.site else [])
    pairs = [subprocess.Popen(argv, stdout=subprocess.PIPE) for _ in range(args.pairs)]
    results = [tuple(map(float, p.communicate()[0].split())) for p in pairs]
    if any(len(r) != 3 for r in results) or any(p.returncode for p in pairs):
        sys.exit('a pair failed')
    print('%d pair(s), depth %d, spin %g us, %d runs each: %.0f runs/s in all; per run %.1f us of worker '
          'CPU, %.1f us of driver CPU' % (args.pairs, args.depth, args.spin_us, args.runs,
                                          sum(r[0] for r in results),
                                          sum(r[1] for r in results) / len(results),
                                          sum(r[2] for r in results) / len(results)))


if __name__ == '__main__':
    main()
