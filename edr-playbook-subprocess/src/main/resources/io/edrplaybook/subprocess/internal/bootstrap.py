# The edr-playbook cpython runner's worker. Valid in Python 2.7 and 3.x. ASCII only.
#
# The JVM passes this source on the command line (never a file a script could rewrite) and runs
# it as <edr-playbook-worker>. Everything lives inside _edr_worker(): the loop's functions and
# objects are locals and closure cells, not names in __main__ a script could rebind.
#
# It speaks newline-delimited JSON with the JVM over private duplicates of fd 0 and fd 1 (marked
# close-on-exec); fd 0 then reads /dev/null and fd 1 goes to stderr, so print, os.write(1, ...)
# and reading stdin cannot corrupt the channel. Frames:
#   JVM -> worker: {"op": "init", "cap", "margin", "mem", "site", "path", "ns"} once, then
#                  {"op": "compile", "id", "key", "file", "src"}
#                | {"op": "run", "id", "key", "file", "src"?, "fn", "ctx", "soft"}
#   worker -> JVM: {"hello": 1, "pid", "version", "channel"} once, then one answer per request,
#                  echoing its "id"; or, when a run reaches its deadline ("soft" ms), one
#                  {"id", "status": "timeout", "traceback", "out", "size"}, then stops itself
#                  until the JVM kills it.
# A script on disk runs in its folder (first on sys.path), an inline one in the worker's folder.
# A run that leaves the interpreter altered (threads, processes, builtins, __main__, modules it
# did not import itself, tracing, the alarm handler) gets "recycle": true: the JVM retires it.


def _edr_worker():
    import os
    import sys

    py2 = sys.version_info[0] == 2
    own_pid = os.getpid()
    parent = os.getppid()
    boot = sys._getframe().f_code.co_filename

    def cloexec(fd):
        try:
            import fcntl
            fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)
        except (ImportError, IOError, OSError):
            pass

    # Own process group and session: without a PID namespace the JVM kills the whole group.
    try:
        os.setsid()
    except (AttributeError, OSError):
        pass
    fin, fout = os.dup(0), os.dup(1)
    cloexec(fin)
    cloexec(fout)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    while '' in sys.path:
        sys.path.remove('')  # the working folder is no place to import from
    sys.argv[:] = ['']

    import json
    import linecache
    import traceback
    import io
    import ast
    import signal
    import shutil
    try:
        import builtins
    except ImportError:
        import __builtin__ as builtins
    from operator import is_
    main_module = sys.modules['__main__']
    environ_data = getattr(os.environ, '_data', None) or getattr(os.environ, 'data', None)
    builtin_dict = vars(builtins)
    builtin_names = frozenset(sys.builtin_module_names)
    main_dict = vars(main_module)
    proc_self = '/proc/self/task'
    has_proc = os.path.isdir(proc_self)
    try:
        from os import register_at_fork
    except ImportError:
        register_at_fork = None

    def prctl(option, value):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            return libc.prctl(option, value, 0, 0, 0) == 0
        except Exception:
            return False

    if sys.platform.startswith('linux'):
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
        prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: escaped grandchildren stay our descendants
        if parent > 1 and os.getppid() != parent:
            os._exit(1)  # the parent died before the death signal was armed

    def make_encoder(allow_nan):
        # JSONEncoder.encode builds a new C encoder on every call; keep one (rebuilt after a
        # failure, which can leave stale circular-reference markers behind).
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

    scan = json.decoder.JSONDecoder().scan_once
    encode = make_encoder(False)
    plain_encode = make_encoder(True)

    def loads(text):
        return scan(text, 0)[0]

    def close_channel_in_child():
        # A forked child must not hold the channel: the JVM waits for it to close when a worker dies.
        for fd in (fin, fout):
            try:
                os.close(fd)
            except OSError:
                pass

    if register_at_fork is not None:
        register_at_fork(after_in_child=close_channel_in_child)
    elif hasattr(os, 'fork'):
        real_fork = os.fork

        def fork():
            pid = real_fork()
            if pid == 0:
                close_channel_in_child()
            return pid
        os.fork = fork

    def text(value):
        if py2:
            try:
                return unicode(value)  # noqa: F821
            except Exception:
                try:
                    return str(value).decode('utf-8', 'replace')
                except Exception:
                    return u'<unprintable %s>' % value.__class__.__name__
        try:
            return str(value)
        except Exception:
            return '<unprintable %s>' % type(value).__name__

    class Sink(object):
        """The current run's output: the beginning is kept (cap + margin characters), the rest counted."""

        def __init__(self, keep):
            self.keep = keep
            self.parts = []
            self.size = 0

        def reset(self):
            self.parts = []
            self.size = 0

        def add(self, s):
            if self.size < self.keep:
                self.parts.append(s)
            self.size += len(s)

        def take(self):
            parts, size = self.parts, self.size
            self.reset()
            if not parts:
                return u'', 0
            if py2:
                parts = [p if isinstance(p, unicode) else p.decode('utf-8', 'replace')  # noqa: F821
                         for p in parts]
            out = u''.join(parts)
            if len(out) > self.keep:
                out = out[:self.keep]
            if not py2:
                try:
                    out.encode('utf-8')
                except UnicodeEncodeError:  # lone surrogates
                    out = out.encode('utf-8', 'replace').decode('utf-8')
            return out, size

    class BytesView(object):
        def __init__(self, sink):
            self._sink = sink

        def write(self, b):
            self._sink.add(bytes(b).decode('utf-8', 'replace'))
            return len(b)

        def flush(self):
            pass

    class Stream(object):
        """What sys.stdout and sys.stderr are during a run: writes go to the run's sink."""
        encoding = 'utf-8'
        errors = 'strict'
        closed = False
        softspace = 0

        def __init__(self, sink, name):
            self._sink = sink
            self.name = name
            self.buffer = BytesView(sink)

        def write(self, s):
            if not py2 and not isinstance(s, str):
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

    def retry_after(value):
        """Seconds the exception asks to wait before a retry, or None: its own retry_after
        (seconds), else a Retry-After header (delta-seconds or an HTTP-date) on its headers or hdrs
        (urllib2 / urllib.request HTTPError) or on its response's headers (requests). Only 0 to
        3600 seconds; anything else, or anything unreadable, is no hint."""
        try:
            hint = getattr(value, 'retry_after', None)
            if hint is None:
                for holder in (value, getattr(value, 'response', None)):
                    for attr in ('headers', 'hdrs'):
                        headers = getattr(holder, attr, None) if holder is not None else None
                        if headers is not None and hasattr(headers, 'get'):
                            hint = headers.get('Retry-After')
                            if hint is None:
                                hint = headers.get('retry-after')
                            if hint is not None:
                                break
                    if hint is not None:
                        break
            if hint is None or isinstance(hint, bool):
                return None
            if isinstance(hint, (int, float)) or (py2 and isinstance(hint, long)):  # noqa: F821
                seconds = float(hint)
            else:
                if isinstance(hint, bytes):
                    hint = hint.decode('latin-1')
                hint = hint.strip()
                if hint.isdigit():
                    seconds = float(int(hint))
                else:
                    import email.utils
                    import time
                    date = email.utils.parsedate_tz(hint)
                    if date is None:
                        return None
                    seconds = max(0.0, float(email.utils.mktime_tz(date)) - time.time())
            if seconds != seconds or seconds < 0 or seconds > 3600:
                return None
            return seconds
        except Exception:
            return None

    def format_traceback(name, source, etype, value, tb, type_name, message):
        try:
            cache_source(name, source)
            if py2:
                head = [l if isinstance(l, unicode) else l.decode('utf-8', 'replace')  # noqa: F821
                        for l in traceback.format_tb(tb)]
                return (u'Traceback (most recent call last):\n' + u''.join(head)
                        + u'%s: %s\n' % (type_name, message))
            return ''.join(traceback.format_exception(etype, value, tb))
        except Exception:
            return u'%s: %s\n' % (type_name, message)

    def cache_source(name, source):
        if source is not None:
            lines = source.splitlines(True)
            if not py2:
                lines = [l.decode('utf-8', 'replace') for l in lines]
            linecache.cache[name] = (len(source), None, lines, name)

    def check_pep263(data, name):
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

    def refusal_type(e):
        """The type of a refused script, as the jython runner names it too (ScriptValidationException)."""
        name = type(e).__name__
        msg = text(e.msg or u'')
        if name == 'SyntaxError' and ('encoding' in msg or 'codec' in msg or 'Non-ASCII' in msg
                                      or 'Non-UTF-8' in msg or 'unicode error' in msg):
            return 'EncodingError'
        return name if name in ('IndentationError', 'TabError') else 'SyntaxError'

    def list_tasks():
        if has_proc:
            try:
                return len(os.listdir(proc_self))
            except OSError:
                pass
        import threading
        return threading.active_count()

    # Linux gives /proc/self/task a link count of 2 + its threads: one stat per run instead of a
    # directory listing (open, read, close). Used only when it agrees with the listing here.
    try:
        links_count = has_proc and os.stat(proc_self).st_nlink - 2 == list_tasks()
    except OSError:
        links_count = False

    def count_tasks():
        if links_count:
            try:
                return os.stat(proc_self).st_nlink - 2
            except OSError:
                pass
        return list_tasks()

    def stamp(path):
        """What changes whenever an entry of folder path is added, removed or renamed: its
        modification and change times (a script can set the former back, never the latter)."""
        try:
            st = os.stat(path)
            return (st.st_mtime_ns, st.st_ctime_ns) if hasattr(st, 'st_ctime_ns') else None
        except OSError:
            return None

    def reap():
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except OSError:
                return
            if pid == 0:
                return

    def same(now, before, d=dict):
        """Whether namespace now holds exactly the objects before held (identity, at C speed)."""
        return d.__len__(now) == d.__len__(before) and all(map(is_, d.values(before),
                                                               map(now.get, before)))

    def restore(now, before, d=dict):
        """Puts a namespace back as it was; returns whether it had changed."""
        if same(now, before):
            return False
        d.clear(now)
        d.update(now, before)
        return True

    class Worker(object):
        def __init__(self, init):
            cap = init.get('cap', 65536)
            self.codes = {}
            self.sink = Sink(cap + init.get('margin', 0))
            self.stdout = Stream(self.sink, '<stdout>')
            self.stderr = Stream(self.sink, '<stderr>')
            self.stdin = open(os.devnull, 'r')
            self.path = list(sys.path)
            self.extra_path = [p for p in init.get('path') or []]
            self.home = os.getcwd()
            self.home_stamp = None  # unknown: the first run lists the folder
            self.roots = self.interpreter_roots()
            self.tasks = count_tasks()
            self.req = None
            self.in_script = False
            self.install()
            self.alarm = self.on_alarm  # one bound method, so after() can check it by identity
            if hasattr(signal, 'setitimer'):
                signal.signal(signal.SIGALRM, self.alarm)
            # What every run starts from and after() puts back, taken once: a run that changes
            # any of them retires the worker, so they hold for the next run. Only the modules move
            # on: those of the interpreter a run imported stay (and join this snapshot).
            self.saved_env = dict(environ_data if environ_data is not None else os.environ)
            self.saved_builtins = dict(builtin_dict)
            self.saved_main = dict(main_dict)
            self.saved_modules = dict(sys.modules)

        def interpreter_roots(self):
            roots = set()
            for p in (sys.prefix, sys.exec_prefix, getattr(sys, 'base_prefix', None),
                      getattr(sys, 'base_exec_prefix', None), getattr(sys, 'real_prefix', None)):
                if p:
                    roots.add(os.path.join(os.path.realpath(p), ''))
            for p in self.path:
                if p:
                    real = os.path.join(os.path.realpath(p), '')
                    if any(real.startswith(r) for r in roots):
                        continue
                    roots.add(real)  # e.g. a zip of the standard library
            return tuple(roots)

        def install(self):
            sys.stdout, sys.stderr, sys.stdin = self.stdout, self.stderr, self.stdin

        def compile(self, req):
            """Compiles without executing module code; returns (code, source, has_run, has_test)."""
            data = req['src'].encode('utf-8')
            name = req['file']
            if py2:
                check_pep263(data, name)
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
                return {'ok': False, 'line': e.lineno or 0, 'column': e.offset or 0,
                        'type': refusal_type(e), 'reason': text(e.msg)}
            except (ValueError, TypeError) as e:  # e.g. a null byte, before 3.12
                return {'ok': False, 'line': 0, 'column': 0, 'type': 'SyntaxError',
                        'reason': text(e)}
            return {'ok': True, 'run': entry[2], 'test': entry[3]}

        def on_alarm(self, signum, frame):
            req = self.req
            if not self.in_script or req is None:
                return
            self.in_script = False
            try:
                stack = [f for f in traceback.extract_stack(frame) if f[0] != boot]
                cache_source(req['file'], (self.codes.get(req['key']) or (0, None))[1])
                # the JVM appends the last line, 'TimeoutError: ...', which names the deadline
                trace = u'Traceback (most recent call last):\n' + u''.join(
                    traceback.format_list(stack))
                if py2 and not isinstance(trace, unicode):  # noqa: F821
                    trace = trace.decode('utf-8', 'replace')
            except Exception:
                trace = u''
            out, size = self.sink.take()
            send({'id': req['id'], 'status': 'timeout', 'traceback': trace, 'out': out,
                  'size': size})
            # Freeze (all threads) until the JVM kills the worker with everything it started:
            # exiting here would hand adopted orphans to init, out of the JVM's reach.
            os.kill(own_pid, signal.SIGSTOP)
            os._exit(0)

        def op_run(self, req):
            entry = self.codes.get(req['key'])
            if entry is None:
                if 'src' not in req:
                    return {'status': 'nosource'}
                try:
                    entry = self.compile(req)
                except Exception:
                    return self.failure(req, sys.exc_info(), None)
            self.before(req)
            try:
                answer = self.call(req, entry)
            finally:
                recycle = self.after()
            if recycle:
                answer['recycle'] = True
            return answer

        def before(self, req):
            self.sink.reset()
            self.install()
            f = req['file']
            # A script on disk runs in its folder, first on sys.path; an inline one (a pseudo
            # path) in the worker's own folder.
            script_dir = os.path.dirname(f) if os.path.isabs(f) else None
            if script_dir and os.path.isdir(script_dir):
                try:
                    os.chdir(script_dir)
                except OSError:
                    script_dir = None
            else:
                script_dir = None
            sys.path = ([script_dir] if script_dir else []) + self.extra_path + self.path
            sys.argv = [f]

        def call(self, req, entry):
            fn_name = req['fn']
            # Python 3: a copy, so rebinding a builtin in the script's globals changes nothing
            # else; Python 2 runs code with other builtins in restricted mode, so it gets the
            # module (a changed builtin retires the worker after the run either way).
            g = {'__name__': '__action__', '__file__': req['file'],
                 '__builtins__': builtins if py2 else dict(builtin_dict)}
            soft = req.get('soft') or 0
            self.req = req
            self.in_script = True
            if soft > 0 and hasattr(signal, 'setitimer'):
                signal.setitimer(signal.ITIMER_REAL, soft / 1000.0)
            try:
                exec(entry[0], g)
                fn = g.get(fn_name)
                if fn is None and fn_name == 'test':
                    fn = g.get('run')
                if not callable(fn):
                    raise NameError("the script defines no function '%s'" % fn_name)
                result = fn(req['ctx'])
            except SystemExit as e:
                self.stop_clock()
                if e.code is not None and e.code != 0:
                    return self.failure(req, sys.exc_info(), entry[1])
                result = None
            except MemoryError:
                self.stop_clock()
                return self.failure(req, sys.exc_info(), entry[1], True)
            except:  # noqa: E722 -- anything a script raises, old-style classes on 2.7 included
                self.stop_clock()
                return self.failure(req, sys.exc_info(), entry[1])
            self.stop_clock()
            out, size = self.sink.take()
            if result is not None and not isinstance(result, dict):
                return self.error('TypeError', "%s() must return a dict or None, was a %s"
                                  % (fn_name, type(result).__name__), u'', out, size)
            return {'status': 'ok', 'result': result, 'out': out, 'size': size}

        def stop_clock(self):
            # the timer itself is cleared by after(), right after this answer is built (a run's
            # own timer too): an alarm in between finds in_script false and does nothing
            self.in_script = False

        def after(self):
            """Puts back what a run may change; returns whether the worker must be retired."""
            self.in_script = False
            # builtins and __main__ first: what follows uses them
            altered = restore(builtin_dict, self.saved_builtins) | restore(main_dict, self.saved_main)
            self.in_script = False
            if hasattr(signal, 'setitimer'):
                signal.setitimer(signal.ITIMER_REAL, 0)
            self.req = None
            self.install()
            sys.path = list(self.path)
            sys.argv = ['']
            data = environ_data if environ_data is not None else os.environ
            env = self.saved_env
            if data != env:
                try:
                    for k in [k for k in data if k not in env]:
                        os.unsetenv(k)
                        del data[k]
                    for k, v in env.items():
                        if data.get(k) != v:
                            os.putenv(k, v)
                            data[k] = v
                except Exception:
                    altered = True
            modules = self.saved_modules
            if not same(sys.modules, modules):
                for name in [n for n in sys.modules if n not in modules]:
                    if not self.from_interpreter(name, sys.modules.get(name)):
                        sys.modules.pop(name, None)
                if not same(sys.modules, modules):
                    if any(sys.modules.get(n) is not m for n, m in modules.items()):
                        altered = True
                    self.saved_modules = dict(sys.modules)
            if sys.gettrace() is not None or sys.getprofile() is not None:
                sys.settrace(None)
                sys.setprofile(None)
                altered = True
            if hasattr(signal, 'setitimer') and signal.getsignal(signal.SIGALRM) is not self.alarm:
                altered = True
            try:
                if os.getcwd() != self.home:
                    os.chdir(self.home)
                now = stamp(self.home)
                if now is None or now != self.home_stamp:
                    for entry in os.listdir(self.home):
                        p = os.path.join(self.home, entry)
                        if os.path.isdir(p) and not os.path.islink(p):
                            shutil.rmtree(p)
                        else:
                            os.remove(p)
                    self.home_stamp = stamp(self.home)
            except Exception:
                self.home_stamp = None
                altered = True
            reap()  # the JVM then checks from outside that no process of the run is left
            if count_tasks() > self.tasks:
                altered = True
            return altered

        def from_interpreter(self, name, module):
            """Whether a module a run loaded is part of the interpreter's installation (it stays)."""
            if module is None:
                return False
            files = []
            f = getattr(module, '__file__', None)
            if f:
                files.append(f)
            files.extend(p for p in (getattr(module, '__path__', None) or []) if isinstance(p, str))
            if not files:
                if name in builtin_names:
                    return True
                origin = getattr(getattr(module, '__spec__', None), 'origin', None)
                if origin in ('built-in', 'frozen'):
                    return True
                # one an installed package made without a file of its own, and holds as an
                # attribute (typing.io, xml.parsers.expat.errors, six.moves, py2 email's lazy
                # names), stays with its package; anything else a script made up goes
                parent, _, child = name.rpartition('.')
                owner = sys.modules.get(parent) if parent else None
                return (owner is not None and getattr(owner, child, None) is module
                        and self.from_interpreter(parent, owner))
            for f in files:
                real = os.path.realpath(f)
                if not any(real.startswith(r) for r in self.roots):
                    return False
            return True

        def failure(self, req, info, source, recycle=False):
            etype, value, tb = info
            while tb is not None and tb.tb_frame.f_code.co_filename == boot:
                tb = tb.tb_next
            name = getattr(value, '__class__', etype).__name__
            message = text(value)
            if isinstance(value, SystemExit):
                message = text(value.code)
            try:
                transient = bool(getattr(value, 'transient', False))
            except Exception:
                transient = False
            trace = format_traceback(req['file'], source, etype, value, tb, name, message)
            out, size = self.sink.take()
            answer = self.error(name, message, trace, out, size, recycle, transient)
            wait = retry_after(value)
            if wait is not None:
                answer['retryAfter'] = wait
            return answer

        def error(self, name, message, trace, out, size, recycle=False, transient=False):
            answer = {'status': 'error', 'type': name, 'message': message, 'traceback': trace,
                      'transient': transient, 'out': out, 'size': size}
            if recycle:
                answer['recycle'] = True
            return answer

    reader = os.fdopen(fin, 'rb')
    writer = os.fdopen(fout, 'wb')

    def send(frame, fn=None):
        try:
            line = encode(frame)
        except (TypeError, ValueError, OverflowError) as e:
            frame = {'id': frame.get('id'), 'status': 'error', 'type': 'TypeError',
                     'message': u'%s() returned a dict that is not JSON: %s' % (fn, text(e)),
                     'traceback': u'', 'transient': False, 'out': frame.get('out', u''),
                     'size': frame.get('size', 0), 'recycle': frame.get('recycle', False)}
            line = plain_encode(frame)
        if not py2:
            line = line.encode('ascii')
        writer.write(line + b'\n')
        writer.flush()

    init = loads(reader.readline().decode('utf-8'))
    mem = init.get('mem') or 0
    if mem > 0:
        try:
            import resource
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            limit = mem if hard == resource.RLIM_INFINITY else min(mem, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # hard too: no raising it back
        except (ImportError, ValueError, OSError, AttributeError):
            pass
    if init.get('site'):
        import site  # -S kept site-packages out at start-up; scripts need their pip packages
        site.main()
    worker = Worker(init)
    try:
        import gc
        gc.freeze()  # 3.7+: the collector no longer walks the worker's own long-lived objects
    except (ImportError, AttributeError):
        pass
    # The channel's pipe inode lets the JVM find (and kill) any process still holding it.
    send({'hello': 1, 'pid': own_pid, 'version': list(sys.version_info[:3]),
          'channel': os.fstat(fout).st_ino, 'tasks': worker.tasks})
    op_run, op_compile = worker.op_run, worker.op_compile
    while True:
        line = reader.readline()
        if not line:
            break
        req = loads(line.decode('utf-8'))
        op = req.get('op')
        if op == 'run':
            answer = op_run(req)
        elif op == 'compile':
            answer = op_compile(req)
        else:
            break
        if os.getpid() != own_pid:
            os._exit(0)  # a forked child came back from the script: it must not answer
        answer['id'] = req.get('id')
        send(answer, req.get('fn'))


_edr_worker()
