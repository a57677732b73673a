"""Test driver: runs one entry point of one sample script, the way docs/script-contract.md says.

Usage: python script_driver.py SCRIPT ENTRY < ctx.json
ctx arrives on stdin (never on the command line: it holds the secret). The script's own output
goes to stderr; stdout carries one JSON line:
  {"ok": true, "result": ...} or {"ok": false, "type": ..., "message": ..., "transient": ...}
Runs on Python 2.7, Python 3 and Jython 2.7.
"""
import json
import sys
import traceback

try:
    TEXT = unicode
except NameError:
    TEXT = str


def load(path):
    handle = open(path, "rb")
    try:
        source = handle.read()
    finally:
        handle.close()
    module = {"__name__": "__action__", "__file__": path}
    exec(compile(source, path, "exec"), module)
    return module


def call(path, entry, ctx):
    module = load(path)
    function = module.get(entry) or module["run"]
    try:
        return {"ok": True, "result": function(ctx)}
    except Exception as e:
        traceback.print_exc()
        return {"ok": False, "type": type(e).__name__, "message": TEXT(e),
                "transient": bool(getattr(e, "transient", False))}


def call_json(path, entry, ctx_json):
    """For in-process use (the Jython test): ctx as JSON text in, the answer as JSON text out."""
    return json.dumps(call(path, entry, json.loads(ctx_json)), allow_nan=False)


def main():
    raw = getattr(sys.stdin, "buffer", sys.stdin).read()
    ctx = json.loads(raw.decode("utf-8"))
    out = sys.stdout
    sys.stdout = sys.stderr
    try:
        answer = call(sys.argv[1], sys.argv[2], ctx)
    finally:
        sys.stdout = out
    out.write(json.dumps(answer, allow_nan=False) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
