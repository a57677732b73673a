# -*- coding: utf-8 -*-
# The edr-playbook cpython runner's worker. Valid in Python 2.7 and 3.x.
#
# It speaks newline-delimited JSON with the JVM over private duplicates of fd 0 and fd 1 (marked
# close-on-exec); fd 0 then reads /dev/null and fd 1 goes to stderr, so print, os.write(1, ...)
# and reading stdin cannot corrupt the channel. sys.stdout and sys.stderr write into a per-run,
# capped buffer returned with the response. Frames:
#   JVM -> worker: {"op": "init", "cap": n, "mem": n, "site": bool} once, then
#                  {"op": "compile", "key", "file", "src"} | {"op": "run", "key", "file", "src"?, "fn", "ctx"}
#   worker -> JVM: {"hello": 1, "pid", "version"} once, then one response per request.
import os
import sys

_PY2 = sys.version_info[0] == 2
_PID = os.getpid()


def _cloexec(fd):
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)
    except (ImportError, IOError, OSError):
        pass


def _take_channel():
    # Own process group and session: the JVM kills the whole group at a deadline.
    try:
        os.setsid()
    except (AttributeError, OSError):
        pass
    fin, fout = os.dup(0), os.dup(1)
    _cloexec(fin)
    _cloexec(fout)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    return fin, fout


_FIN, _FOUT = _take_channel()
if sys.path and sys.path[0]:
    del sys.path[0]  # the bootstrap's folder is no place to import scripts' modules from

import json
import linecache
import traceback
import io
import ast

try:
    import builtins as _builtins
except ImportError:
    import __builtin__ as _builtins

_BOOT = _take_channel.__code__.co_filename


def _make_encoder(allow_nan):
    # JSONEncoder.encode builds a new C encoder on every call; keep one (rebuilt after a failure,
    # which can leave stale circular-reference markers behind). Falls back to the slow path.
    base = json.JSONEncoder(allow_nan=allow_nan, separators=(',', ':'))
    make = getattr(json.encoder, 'c_make_encoder', None)

    def build():
        return make({}, base.default, json.encoder.encode_basestring_ascii, None, ':', ',',
                    False, False, allow_nan)
    try:
        state = [build()]
        if ''.join(state[0]({u'a': [1, None, True]}, 0)) != '{"a":[1,null,true]}':
            return base.encode
    except Exception:
        return base.encode

    def encode(obj):
        try:
            return ''.join(state[0](obj, 0))
        except BaseException:
            state[0] = build()
            raise
    return encode


_scan = json.decoder.JSONDecoder().scan_once
_encode = _make_encoder(False)
_plain_encode = _make_encoder(True)


def _loads(text):
    return _scan(text, 0)[0]


def _close_channel_in_child():
    # A forked child must not hold the channel: the JVM waits for it to close when a worker dies.
    for fd in (_FIN, _FOUT):
        try:
            os.close(fd)
        except OSError:
            pass


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_close_channel_in_child)
elif hasattr(os, 'fork'):
    _real_fork = os.fork

    def _fork():
        pid = _real_fork()
        if pid == 0:
            _close_channel_in_child()
        return pid
    os.fork = _fork


class _Sink(object):
    """The current run's output: the beginning is kept up to cap characters, the rest counted."""

    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.size = 0

    def reset(self):
        self.parts = []
        self.size = 0

    def add(self, s):
        if self.size < self.cap:
            self.parts.append(s)
        self.size += len(s)

    def take(self):
        parts, size = self.parts, self.size
        self.reset()
        if not parts:
            return u'', 0
        if _PY2:
            parts = [p if isinstance(p, unicode) else p.decode('utf-8', 'replace') for p in parts]
        text = u''.join(parts)
        dropped = max(0, size - self.cap)
        if len(text) > self.cap:
            text = text[:self.cap]
        if not _PY2:
            try:
                text.encode('utf-8')
            except UnicodeEncodeError:  # lone surrogates
                text = text.encode('utf-8', 'replace').decode('utf-8')
        return text, dropped


class _BytesView(object):
    def __init__(self, sink):
        self._sink = sink

    def write(self, b):
        self._sink.add(bytes(b).decode('utf-8', 'replace'))
        return len(b)

    def flush(self):
        pass


class _Stream(object):
    """What sys.stdout and sys.stderr are during a run: writes go to the run's sink."""
    encoding = 'utf-8'
    errors = 'strict'
    closed = False
    softspace = 0

    def __init__(self, sink, name):
        self._sink = sink
        self.name = name
        self.buffer = _BytesView(sink)

    def write(self, s):
        if not _PY2 and not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        self._sink.add(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def close(self):
        pass  # the next run gets the same stream, open

    def isatty(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation('fileno: output of action scripts is captured')


def _text(value):
    if _PY2:
        try:
            return unicode(value)
        except Exception:
            try:
                return str(value).decode('utf-8', 'replace')
            except Exception:
                return u'<unprintable %s>' % value.__class__.__name__
    try:
        return str(value)
    except Exception:
        return '<unprintable %s>' % type(value).__name__


class _Worker(object):
    def __init__(self, cap):
        self.codes = {}
        self.sink = _Sink(cap)
        self.stdout = _Stream(self.sink, '<stdout>')
        self.stderr = _Stream(self.sink, '<stderr>')
        self.stdin = open(os.devnull, 'r')
        self.path = list(sys.path)
        self.install()

    def install(self):
        sys.stdout, sys.stderr, sys.stdin = self.stdout, self.stderr, self.stdin

    def compile(self, req):
        """Compiles without executing module code; returns (code, source bytes, has_run, has_test)."""
        data = req['src'].encode('utf-8')
        name = req['file']
        if _PY2:
            _check_pep263(data, name)
        tree = compile(data, name, 'exec', ast.PyCF_ONLY_AST, True)
        defined = set(n.name for n in tree.body if isinstance(n, ast.FunctionDef))
        code = compile(tree, name, 'exec', 0, True)
        entry = (code, data, 'run' in defined, 'test' in defined)
        self.codes[req['key']] = entry
        return entry

    def op_compile(self, req):
        try:
            entry = self.compile(req)
        except SyntaxError as e:
            return _plain_encode({'ok': False, 'line': e.lineno or 0, 'column': e.offset or 0,
                                  'reason': _text(e.msg)})
        except (ValueError, TypeError) as e:
            return _plain_encode({'ok': False, 'line': 0, 'column': 0, 'reason': _text(e)})
        return _plain_encode({'ok': True, 'run': entry[2], 'test': entry[3]})

    def op_run(self, req):
        entry = self.codes.get(req['key'])
        if entry is None:
            if 'src' not in req:
                return _plain_encode({'status': 'nosource'})
            try:
                entry = self.compile(req)
            except Exception:
                return self.failure(req, sys.exc_info(), None)
        sink = self.sink
        sink.reset()
        self.install()
        try:
            g = {'__name__': '__action__', '__builtins__': _builtins}
            exec(entry[0], g)
            fn = g.get(req['fn'])
            if fn is None and req['fn'] == 'test':
                fn = g.get('run')
            if not callable(fn):
                raise NameError("the script defines no function '%s'" % req['fn'])
            result = fn(req['ctx'])
        except SystemExit as e:
            if e.code is None or e.code == 0:
                result = None
            else:
                return self.failure(req, sys.exc_info(), entry[1])
        except MemoryError:
            return self.failure(req, sys.exc_info(), entry[1], True)
        except:  # noqa: E722 -- anything a script raises, old-style classes on 2.7 included
            return self.failure(req, sys.exc_info(), entry[1])
        finally:
            self.install()
            sys.path[:] = self.path
        out, dropped = sink.take()
        if result is not None and not isinstance(result, dict):
            return self.error('TypeError', "%s() must return a dict or None, was a %s"
                              % (req['fn'], type(result).__name__), u'', out, dropped)
        try:
            return _encode({'status': 'ok', 'result': result, 'out': out, 'dropped': dropped})
        except (TypeError, ValueError, OverflowError) as e:
            return self.error('TypeError', u'%s() returned a dict that is not JSON: %s'
                              % (req['fn'], _text(e)), u'', out, dropped)

    def failure(self, req, info, source, recycle=False):
        etype, value, tb = info
        while tb is not None and tb.tb_frame.f_code.co_filename == _BOOT:
            tb = tb.tb_next
        name = getattr(value, '__class__', etype).__name__
        message = _text(value)
        if isinstance(value, SystemExit):
            message = _text(value.code)
        try:
            transient = bool(getattr(value, 'transient', False))
        except Exception:
            transient = False
        trace = _format_traceback(req['file'], source, etype, value, tb, name, message)
        out, dropped = self.sink.take()
        return self.error(name, message, trace, out, dropped, recycle, transient)

    def error(self, name, message, trace, out, dropped, recycle=False, transient=False):
        return _plain_encode({'status': 'error', 'type': name, 'message': message,
                              'traceback': trace, 'transient': transient, 'recycle': recycle,
                              'out': out, 'dropped': dropped})


def _format_traceback(name, source, etype, value, tb, type_name, message):
    try:
        if source is not None:
            lines = source.splitlines(True)
            if not _PY2:
                lines = [l.decode('utf-8', 'replace') for l in lines]
            linecache.cache[name] = (len(source), None, lines, name)
        if _PY2:
            head = [l if isinstance(l, unicode) else l.decode('utf-8', 'replace')
                    for l in traceback.format_tb(tb)]
            return (u'Traceback (most recent call last):\n' + u''.join(head)
                    + u'%s: %s\n' % (type_name, message))
        return ''.join(traceback.format_exception(etype, value, tb))
    except Exception:
        return u'%s: %s\n' % (type_name, message)


def _check_pep263(data, name):
    """Python 2 reads a file with non-ASCII bytes only with a coding line; compile() would not."""
    try:
        data.decode('ascii')
        return
    except UnicodeDecodeError:
        pass
    if data.startswith(b'\xef\xbb\xbf'):
        return
    import re
    cookie = re.compile(br'^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+')
    lines = data.split(b'\n')
    for line in lines[:2]:
        if cookie.match(line):
            return
    for number, line in enumerate(lines, 1):
        for column, byte in enumerate(bytearray(line), 1):
            if byte >= 0x80:
                err = SyntaxError("Non-ASCII character '\\x%02x' in file %s on line %d, but no "
                                  "encoding declared; see http://python.org/dev/peps/pep-0263/ "
                                  "for details" % (byte, name, number))
                err.lineno, err.offset = number, column
                raise err


def _main():
    reader = os.fdopen(_FIN, 'rb')
    writer = os.fdopen(_FOUT, 'wb')
    init = _loads(reader.readline().decode('utf-8'))
    mem = init.get('mem') or 0
    if mem > 0:
        try:
            import resource
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            limit = mem if hard == resource.RLIM_INFINITY else min(mem, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError, AttributeError):
            pass
    if init.get('site'):
        import site  # -S kept site-packages out at start-up; scripts need their pip packages
        site.main()
    worker = _Worker(init.get('cap', 65536))
    # The channel's pipe inode lets the JVM find (and kill) any process still holding it.
    hello = {'hello': 1, 'pid': _PID, 'version': list(sys.version_info[:3]),
             'channel': os.fstat(_FOUT).st_ino}
    writer.write(_plain_encode(hello).encode('ascii') + b'\n')
    writer.flush()
    ops = {'run': worker.op_run, 'compile': worker.op_compile}
    while True:
        line = reader.readline()
        if not line:
            break
        req = _loads(line.decode('utf-8'))
        op = ops.get(req.get('op'))
        if op is None:
            break
        response = op(req)
        if os.getpid() != _PID:
            os._exit(0)  # a forked child came back from the script: it must not answer
        if not _PY2:
            response = response.encode('ascii')
        writer.write(response + b'\n')
        writer.flush()


_main()
