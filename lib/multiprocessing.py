"""multiprocessing — processes, queues, shared state and pools, in baton.

Each process has its own interpreter and its own GIL, so CPU-bound work
split across processes runs in parallel.  Processes are forked (CPython's
"fork" start method): the child starts as a copy of the parent holding only
the forking thread; its GIL, locks and thread table start over.  Values
cross between processes serialised (baton's pickle), so they are copies.

The C layer is _mp (src/modules/_mp.c): fork and wait, shared-memory
semaphores (SemLock) and arrays, framed pipes (Connection) and the robust
channel under Queue.  Everything else is here, in the language.
"""

import _mp
import os
import sys
import threading
import time
from queue import Empty, Full

__all__ = ['Process', 'current_process', 'parent_process', 'active_children',
           'cpu_count', 'Queue', 'JoinableQueue', 'SimpleQueue', 'Pipe',
           'Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition',
           'Event', 'Barrier', 'Value', 'Array', 'RawValue', 'RawArray',
           'Pool', 'Manager', 'ProcessError', 'TimeoutError',
           'BufferTooShort', 'AuthenticationError', 'freeze_support',
           'get_start_method', 'set_start_method', 'get_context']

SIGTERM = 15
SIGKILL = 9


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


def cpu_count():
    return _mp.cpu_count()


def freeze_support():
    pass


def get_start_method(allow_none=False):
    return 'fork'


def set_start_method(method, force=False):
    if method != 'fork':
        raise ValueError("baton supports only the 'fork' start method")


def get_all_start_methods():
    return ['fork']


# ---------------------------------------------------------------------------
# Processes

_children = set()          # started by this process and not yet reaped
_exitcode_names = {-SIGTERM: '-SIGTERM', -SIGKILL: '-SIGKILL', -2: '-SIGINT'}


class BaseProcess:
    """A process object: pass target= or override run()."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={},
                 *, daemon=None):
        assert group is None, 'group argument must be None for now'
        parent = _current_process
        parent._counter += 1
        self._identity = parent._identity + (parent._counter,)
        self._counter = 0
        self._parent_pid = os.getpid()
        self._parent_name = parent.name
        self._pid = None
        self._exitcode = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._name = name or type(self).__name__ + '-' + \
            ':'.join(str(i) for i in self._identity)
        if daemon is not None:
            self._daemonic = daemon
        else:
            self._daemonic = parent._daemonic

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def start(self):
        self._check_closed()
        assert self._pid is None, 'cannot start a process twice'
        assert self._parent_pid == os.getpid(), \
            'can only start a process object created by current process'
        assert not _current_process._daemonic, \
            'daemonic processes are not allowed to have children'
        _cleanup()
        pid = _mp.fork()
        if pid == 0:
            code = self._bootstrap()
            os._exit(code)
        self._pid = pid
        _children.add(self)

    def _bootstrap(self):
        """Runs in the child: become the current process, run, exit."""
        global _current_process, _parent_process, _children
        code = 1
        try:
            _mp.die_with_parent(self._parent_pid)
            _children = set()
            _parent_process = _ParentProcess(self._parent_name, self._parent_pid)
            _current_process = self
            self._pid = os.getpid()
            _mp.set_process_name(self._name)
            threading._after_fork()
            _run_after_fork_hooks()
            try:
                self.run()
                code = 0
            finally:
                threading._shutdown()
                _exit_function()
                # What this process's queues still hold goes out before it
                # ends (CPython's feeder threads are joined here too).
                _mp.flush_queues()
        except SystemExit as e:
            c = e.code
            if c is None:
                code = 0
            elif isinstance(c, int):
                code = c
            else:
                sys.stderr.write(str(c) + '\n')
                code = 1
        except BaseException as e:
            sys.stdout.flush()
            sys.stderr.write('Process %s:\n' % self._name)
            import _thread
            _thread._print_exception(e)
            code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        return code

    def _poll(self, timeout):
        if self._exitcode is None and self._pid is not None:
            res = _mp.wait(self._pid, timeout)
            if res is not None:
                self._exitcode = res
                _children.discard(self)
        return self._exitcode

    def join(self, timeout=None):
        self._check_closed()
        assert self._parent_pid == os.getpid(), 'can only join a child process'
        assert self._pid is not None, 'can only join a started process'
        if timeout is not None and timeout < 0:
            timeout = 0
        self._poll(timeout)

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), 'can only test a child process'
        if self._pid is None:
            return False
        return self._poll(0) is None

    def terminate(self):
        self._check_closed()
        if self._pid is not None and self._exitcode is None:
            try:
                os.kill(self._pid, SIGTERM)
            except OSError:
                pass

    def kill(self):
        self._check_closed()
        if self._pid is not None and self._exitcode is None:
            try:
                os.kill(self._pid, SIGKILL)
            except OSError:
                pass

    def close(self):
        if self._pid is not None and self._poll(0) is None:
            raise ValueError("Cannot close a process while it is still running. "
                             "You should first call join() or terminate().")
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), 'name must be a string'
        self._name = name

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        assert self._pid is None, 'process has already started'
        self._daemonic = daemonic

    @property
    def pid(self):
        self._check_closed()
        return self._pid

    ident = pid

    @property
    def exitcode(self):
        self._check_closed()
        if self._pid is None:
            return None
        return self._poll(0)

    @property
    def authkey(self):
        return b'baton'

    @property
    def sentinel(self):
        raise NotImplementedError("Process.sentinel is not supported by baton")

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._pid is None:
            status = 'initial'
        else:
            exitcode = self._poll(0)
            status = 'started' if exitcode is None else 'stopped'
        info = [type(self).__name__, 'name=%r' % self._name]
        if self._pid is not None and self is not _current_process:
            info.append('pid=%s' % self._pid)
        info.append('parent=%s' % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            info.append('exitcode=%s' % _exitcode_names.get(exitcode, exitcode))
        if self._daemonic:
            info.append('daemon')
        return '<%s>' % ' '.join(info)


class Process(BaseProcess):
    pass


class _MainProcess(BaseProcess):

    def __init__(self):
        self._identity = ()
        self._counter = 0
        self._name = 'MainProcess'
        self._parent_pid = None
        self._parent_name = None
        self._pid = os.getpid()
        self._exitcode = None
        self._closed = False
        self._daemonic = False
        self._target = None
        self._args = ()
        self._kwargs = {}


class _ParentProcess:

    def __init__(self, name, pid):
        self._name = name
        self._pid = pid

    @property
    def name(self):
        return self._name

    @property
    def pid(self):
        return self._pid

    ident = pid

    def is_alive(self):
        return os.getppid() == self._pid

    def __repr__(self):
        return '<_ParentProcess name=%r parent=None started>' % self._name


_current_process = _MainProcess()
_parent_process = None
_after_fork_hooks = []


def _run_after_fork_hooks():
    for hook in _after_fork_hooks:
        hook()


def current_process():
    return _current_process


def parent_process():
    return _parent_process


def _cleanup():
    for p in list(_children):
        p._poll(0)


def active_children():
    _cleanup()
    return list(_children)


def _exit_function():
    """At interpreter exit: stop daemon children, wait for the others."""
    for p in list(_children):
        if p._daemonic:
            p.terminate()
    for p in list(_children):
        p._poll(None)


# ---------------------------------------------------------------------------
# Synchronisation between processes, all built on _mp.SemLock

SEM_VALUE_MAX = _mp.SEM_VALUE_MAX


class SemLock:

    def __init__(self, kind, value, maxvalue):
        self._semlock = _mp.SemLock(kind, value, maxvalue)
        self.acquire = self._semlock.acquire
        self.release = self._semlock.release

    def __enter__(self):
        return self._semlock.__enter__()

    def __exit__(self, *args):
        return self._semlock.__exit__(*args)


class Semaphore(SemLock):

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        SemLock.__init__(self, _mp.SEMAPHORE, value, SEM_VALUE_MAX)

    def get_value(self):
        return self._semlock._get_value()

    def __repr__(self):
        return '<%s(value=%s)>' % (type(self).__name__, self._semlock._get_value())


class BoundedSemaphore(Semaphore):

    def __init__(self, value=1):
        SemLock.__init__(self, _mp.SEMAPHORE, value, value)
        self._maxvalue = value

    def __repr__(self):
        return '<%s(value=%s, maxvalue=%s)>' % (
            type(self).__name__, self._semlock._get_value(), self._maxvalue)


def _owner_name():
    name = _current_process.name
    t = threading.current_thread()
    if t.name != 'MainThread':
        name += '|' + t.name
    return name


class Lock(SemLock):

    def __init__(self):
        SemLock.__init__(self, _mp.SEMAPHORE, 1, 1)

    def __repr__(self):
        if self._semlock._is_mine():
            name = _owner_name()
        elif self._semlock._get_value() == 1:
            name = 'None'
        elif self._semlock._owner() is not None:
            name = 'SomeOtherProcess'
        else:
            name = 'SomeOtherThread'
        return '<%s(owner=%s)>' % (type(self).__name__, name)


class RLock(SemLock):

    def __init__(self):
        SemLock.__init__(self, _mp.RECURSIVE_MUTEX, 1, 1)

    def __repr__(self):
        if self._semlock._is_mine():
            name = _owner_name()
            count = self._semlock._count()
        elif self._semlock._get_value() == 1:
            name, count = 'None', 0
        else:
            name, count = 'SomeOtherProcess', 'nonzero'
        return '<%s(%s, %s)>' % (type(self).__name__, name, count)


class Condition:
    """A condition variable that works across processes.

    Waiters count themselves in a shared semaphore, release the lock, and
    sleep on a second semaphore that notify() releases once per waiter it
    wakes; a third counts the waiters that have woken, so notify() knows
    when they are gone."""

    def __init__(self, lock=None):
        self._lock = lock or RLock()
        self._sleeping_count = Semaphore(0)
        self._woken_count = Semaphore(0)
        self._wait_semaphore = Semaphore(0)
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        waiters = (self._sleeping_count._semlock._get_value() -
                   self._woken_count._semlock._get_value())
        return '<%s(%s, %s)>' % (type(self).__name__, self._lock, waiters)

    def wait(self, timeout=None):
        assert self._lock._semlock._is_mine(), \
            'must acquire() condition before using wait()'
        self._sleeping_count.release()
        count = self._lock._semlock._count()
        for i in range(count):
            self._lock.release()
        try:
            return self._wait_semaphore.acquire(True, timeout)
        finally:
            self._woken_count.release()
            for i in range(count):
                self._lock.acquire()

    def notify(self, n=1):
        assert self._lock._semlock._is_mine(), 'lock is not owned'
        # Forget the waiters that timed out since the last notify.
        while self._woken_count.acquire(False):
            self._sleeping_count.acquire(False)
        sleepers = 0
        while sleepers < n and self._sleeping_count.acquire(False):
            self._wait_semaphore.release()
            sleepers += 1
        if sleepers:
            for i in range(sleepers):
                self._woken_count.acquire()
            while self._wait_semaphore.acquire(False):
                pass

    def notify_all(self):
        self.notify(n=sys.maxsize)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        endtime = None if timeout is None else time.monotonic() + timeout
        waittime = None
        while not result:
            if endtime is not None:
                waittime = endtime - time.monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result


class Event:

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = Semaphore(0)

    def is_set(self):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def set(self):
        with self._cond:
            self._flag.acquire(False)
            self._flag.release()
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag.acquire(False)

    def wait(self, timeout=None):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
            else:
                self._cond.wait(timeout)
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def __repr__(self):
        return '<%s at %s %s>' % (type(self).__name__, hex(id(self)),
                                  'set' if self.is_set() else 'unset')


class Barrier(threading.Barrier):
    """threading.Barrier with its state in shared memory."""

    def __init__(self, parties, action=None, timeout=None):
        self._shared = _mp.SharedArray('i', 2)
        threading.Barrier.__init__(self, parties, action, timeout)
        self._cond = Condition(Lock())

    @property
    def _state(self):
        return self._shared[0]

    @_state.setter
    def _state(self, value):
        self._shared[0] = value

    @property
    def _count(self):
        return self._shared[1]

    @_count.setter
    def _count(self, value):
        self._shared[1] = value


# ---------------------------------------------------------------------------
# Shared memory: Value and Array

_ctypes_names = {'b': 'c_byte', 'B': 'c_ubyte', 'c': 'c_char', 'h': 'c_short',
                 'H': 'c_ushort', 'i': 'c_int', 'I': 'c_uint', 'l': 'c_long',
                 'L': 'c_ulong', 'q': 'c_longlong', 'Q': 'c_ulonglong',
                 'f': 'c_float', 'd': 'c_double'}


def _typecode(t):
    if isinstance(t, str) and t in _ctypes_names:
        return t
    raise TypeError("baton's shared memory takes a typecode such as 'i' or 'd', "
                    "not %r (ctypes types are not supported)" % (t,))


class _RawValue:

    def __init__(self, typecode, value):
        self._typecode = typecode
        self._buf = _mp.SharedArray(typecode, 1)
        if value is not None:
            self._buf[0] = value

    @property
    def value(self):
        return self._buf[0]

    @value.setter
    def value(self, v):
        self._buf[0] = v

    def __repr__(self):
        return '%s(%r)' % (_ctypes_names[self._typecode], self._buf[0])


def RawValue(typecode_or_type, *args):
    return _RawValue(_typecode(typecode_or_type), args[0] if args else None)


def RawArray(typecode_or_type, size_or_initializer):
    typecode = _typecode(typecode_or_type)
    if isinstance(size_or_initializer, int):
        return _mp.SharedArray(typecode, size_or_initializer)
    items = list(size_or_initializer)
    arr = _mp.SharedArray(typecode, len(items))
    arr[:] = items
    return arr


class Synchronized:
    """A shared value with a lock: v.value, v.get_lock()."""

    def __init__(self, obj, lock):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v

    def __repr__(self):
        return '<%s wrapper for %r>' % (type(self).__name__, self._obj)


class SynchronizedArray:
    """A shared array with a lock: a[i], a[:], len(a), a.get_lock()."""

    def __init__(self, obj, lock):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, value):
        with self._lock:
            self._obj[i] = value

    def __iter__(self):
        return iter(self[:])

    @property
    def value(self):
        if self._obj.typecode() != 'c':
            raise AttributeError("'SynchronizedArray' object has no attribute 'value'")
        return self[:].split(b'\0')[0]

    def __repr__(self):
        return '<%s wrapper for %s_Array_%d>' % (
            type(self).__name__, _ctypes_names[self._obj.typecode()], len(self._obj))


def _get_lock(lock):
    if lock is True or lock is None:
        return RLock()
    if lock is False:
        return None
    if hasattr(lock, 'acquire'):
        return lock
    raise AttributeError("%r has no method 'acquire'" % lock)


def Value(typecode_or_type, *args, lock=True):
    obj = RawValue(typecode_or_type, *args)
    lk = _get_lock(lock)
    if lk is None:
        return obj
    return Synchronized(obj, lk)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    obj = RawArray(typecode_or_type, size_or_initializer)
    lk = _get_lock(lock)
    if lk is None:
        return obj
    return SynchronizedArray(obj, lk)


# ---------------------------------------------------------------------------
# Queues and pipes

def Pipe(duplex=True):
    return _mp.Pipe(duplex)


class Queue:
    """A process-safe FIFO: put() serialises, get() rebuilds a copy."""

    def __init__(self, maxsize=0):
        if maxsize <= 0:
            maxsize = 0
        self._maxsize = maxsize
        # put() never waits for room: what the ring cannot take now goes to
        # this process's feeder thread (src/modules/_mp.c, "the feeder").
        self._chan = _mp.Channel(maxsize, True)
        self._closed = False

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if not self._chan.put(obj, block, timeout):
            raise Full

    def get(self, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        ok, obj = self._chan.get(block, timeout)
        if not ok:
            raise Empty
        return obj

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def qsize(self):
        return self._chan.qsize()

    def empty(self):
        return self._chan.qsize() == 0

    def full(self):
        return self._maxsize > 0 and self._chan.qsize() >= self._maxsize

    def close(self):
        self._closed = True

    def join_thread(self):
        """Wait until everything this process put is in the queue."""
        assert self._closed, "Queue {0!r} not closed".format(self)
        self._chan.flush()

    def cancel_join_thread(self):
        """Do not wait for this queue's pending items when the process
        exits (they may be lost)."""
        self._chan.cancel_flush()


class JoinableQueue(Queue):
    """A Queue whose consumers call task_done() and producers join()."""

    def __init__(self, maxsize=0):
        Queue.__init__(self, maxsize)
        self._unfinished_tasks = Semaphore(0)
        self._cond = Condition()

    def put(self, obj, block=True, timeout=None):
        with self._cond:
            Queue.put(self, obj, block, timeout)
            self._unfinished_tasks.release()

    def task_done(self):
        with self._cond:
            if not self._unfinished_tasks.acquire(False):
                raise ValueError('task_done() called too many times')
            if self._unfinished_tasks.get_value() == 0:
                self._cond.notify_all()

    def join(self):
        with self._cond:
            while self._unfinished_tasks.get_value() != 0:
                self._cond.wait()


class SimpleQueue:

    def __init__(self):
        self._chan = _mp.Channel(0)
        self._closed = False

    def put(self, obj):
        self._chan.put(obj)

    def get(self):
        ok, obj = self._chan.get()
        return obj

    def empty(self):
        return self._chan.qsize() == 0

    def close(self):
        self._closed = True


# ---------------------------------------------------------------------------
# Pool

class _RemoteError(Exception):
    pass


def _call_chunk(func, chunk, star):
    if star:
        return [func(*args) for args in chunk]
    return [func(x) for x in chunk]


def _safe_exception(e):
    """An exception that is sure to cross back to the parent."""
    import pickle
    try:
        pickle.dumps(e)
        return e
    except Exception:
        return _RemoteError('%s: %s' % (type(e).__name__, e))


def _pool_worker(tasks, results, initializer, initargs, running, slot):
    """A Pool worker: run chunks until the None sentinel.  Before each chunk
    it writes (job, index) into its slot of the shared `running` array, so
    that the pool can fail that chunk if this process dies (no message per
    chunk but the result)."""
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = tasks.get()
        except (EOFError, OSError):
            return
        if task is None:
            return
        job, index, func, chunk, star = task
        running[2 * slot] = job
        running[2 * slot + 1] = index
        try:
            value = (True, _call_chunk(func, chunk, star))
        except Exception as e:
            value = (False, _safe_exception(e))
        try:
            results.put((slot, job, index, value))
        except Exception as e:
            results.put((slot, job, index, (False, _safe_exception(e))))


class ApplyResult:

    def __init__(self, pool, callback, error_callback, nchunks=1):
        self._pool = pool
        self._event = threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._nchunks = nchunks
        self._chunks = {}
        self._success = None
        self._value = None

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set_chunk(self, index, ok, value):
        if self._event.is_set():
            return
        if not ok:
            self._finish(False, value)
            return
        self._chunks[index] = value
        if len(self._chunks) == self._nchunks:
            self._finish(True, self._assemble())

    def _assemble(self):
        return self._chunks[0][0]

    def _finish(self, ok, value):
        self._success = ok
        self._value = value
        self._event.set()
        self._pool._jobs.pop(self._job, None)
        if ok and self._callback is not None:
            self._callback(value)
        if not ok and self._error_callback is not None:
            self._error_callback(value)


AsyncResult = ApplyResult


class MapResult(ApplyResult):

    def _assemble(self):
        out = []
        for i in range(self._nchunks):
            out.extend(self._chunks[i])
        return out


class IMapIterator:

    def __init__(self, ordered):
        self._cond = threading.Condition(threading.Lock())
        self._items = {}
        self._ordered = ordered
        self._next = 0
        self._unordered = []
        self._length = None
        self._received = 0
        self._error = None

    def __iter__(self):
        return self

    def _set_chunk(self, index, ok, value):
        with self._cond:
            if not ok:
                self._error = value
            elif self._ordered:
                self._items[index] = value
            else:
                self._unordered.extend(value)
            self._received += 1
            self._cond.notify_all()

    def _done(self):
        return self._length is not None and self._received >= self._length

    def next(self, timeout=None):
        with self._cond:
            while True:
                if self._error is not None:
                    err = self._error
                    self._error = None
                    raise err
                if self._ordered:
                    chunk = self._items.get(self._next)
                    if chunk:
                        value = chunk.pop(0)
                        return value
                    if chunk is not None:
                        del self._items[self._next]
                        self._next += 1
                        continue
                    if self._length is not None and self._next >= self._length:
                        raise StopIteration
                else:
                    if self._unordered:
                        return self._unordered.pop(0)
                    if self._done():
                        raise StopIteration
                if not self._cond.wait(timeout) and timeout is not None:
                    raise TimeoutError

    __next__ = next


_RUN, _CLOSE, _TERMINATE = 0, 1, 2


class Pool:
    """A pool of worker processes that run tasks: map, apply, imap…"""

    def __init__(self, processes=None, initializer=None, initargs=(),
                 maxtasksperchild=None, context=None):
        if processes is None:
            processes = cpu_count()
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._initializer = initializer
        self._initargs = initargs
        self._tasks = Queue()
        self._results = Queue()
        self._jobs = {}
        # Worker slot i: the (job, index) it last started, in shared memory,
        # and the last one whose result came back.
        self._running = _mp.SharedArray('q', 2 * processes)
        self._last_done = [None] * processes
        self._job_counter = 0
        self._state = _RUN
        self._workers = [None] * processes
        for i in range(processes):
            self._start_worker(i)
        self._handler = threading.Thread(target=self._handle_results,
                                         name='PoolResultHandler', daemon=True)
        self._handler.start()

    def _start_worker(self, slot):
        self._running[2 * slot] = 0
        w = Process(target=_pool_worker, name='PoolWorker-%d' % (slot + 1),
                    args=(self._tasks, self._results, self._initializer, self._initargs,
                          self._running, slot),
                    daemon=True)
        w.start()
        self._workers[slot] = w

    def _handle_results(self):
        while True:
            try:
                msg = self._results.get(timeout=0.05)
            except Empty:
                if self._state == _TERMINATE:
                    return
                self._check_workers()
                if self._state != _RUN and not self._jobs:
                    return
                continue
            except (OSError, EOFError, ValueError):
                return
            if msg is None:
                # terminate() or join() woke us up.
                if self._state == _TERMINATE or (self._state != _RUN and not self._jobs):
                    return
                continue
            slot, job, index, payload = msg
            self._last_done[slot] = (job, index)
            result = self._jobs.get(job)
            if result is not None:
                ok, value = payload
                result._set_chunk(index, ok, value)
            if self._state != _RUN and not self._jobs:
                return

    def _check_workers(self):
        """A worker that died while running a chunk fails that chunk."""
        for slot, w in enumerate(self._workers):
            if w is None or w.exitcode is None:
                continue
            code = w.exitcode
            self._workers[slot] = None
            key = (self._running[2 * slot], self._running[2 * slot + 1])
            if key[0] and key != self._last_done[slot]:
                job, index = key
                result = self._jobs.get(job)
                if result is not None:
                    result._set_chunk(index, False, ProcessError(
                        'worker process %d died (exit code %s) while running a task'
                        % (w.pid, code)))
            if self._state == _RUN:
                self._start_worker(slot)

    def _check_running(self):
        if self._state != _RUN:
            raise ValueError("Pool not running")

    def _submit(self, result, func, chunks, star):
        self._job_counter += 1
        job = self._job_counter
        result._job = job
        self._jobs[job] = result
        for index, chunk in enumerate(chunks):
            self._tasks.put((job, index, func, chunk, star))
        return result

    @staticmethod
    def _items(iterable):
        """Lists, tuples and ranges are cut as they are (a slice of a range is
        a range: nothing to build and a few bytes to send); anything else is
        read into a list first."""
        if type(iterable) in (list, tuple, range):
            return iterable
        return list(iterable)

    @staticmethod
    def _chunks(items, chunksize):
        """The chunks, made one at a time as they are sent, so the workers
        start on the first while the rest are cut."""
        return (items[i:i + chunksize] for i in range(0, len(items), chunksize))

    def _chunksize(self, n, chunksize):
        if chunksize is None:
            chunksize, extra = divmod(n, self._processes * 4)
            if extra:
                chunksize += 1
        return max(1, chunksize)

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        if kwds:
            return self._submit(result, _Star(func, kwds), [[tuple(args)]], True)
        return self._submit(result, func, [[tuple(args)]], True)

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def _map_async(self, func, iterable, chunksize, star, callback, error_callback):
        self._check_running()
        items = self._items(iterable)
        chunksize = self._chunksize(len(items), chunksize)
        nchunks = (len(items) + chunksize - 1) // chunksize
        result = MapResult(self, callback, error_callback, nchunks)
        if not nchunks:
            result._job = 0
            result._finish(True, [])
            return result
        return self._submit(result, func, self._chunks(items, chunksize), star)

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, chunksize, False, callback, error_callback)

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, chunksize, True, callback, error_callback)

    def map(self, func, iterable, chunksize=None):
        return self.map_async(func, iterable, chunksize).get()

    def starmap(self, func, iterable, chunksize=None):
        return self.starmap_async(func, iterable, chunksize).get()

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not {0:n}".format(chunksize))
        items = self._items(iterable)
        it = IMapIterator(ordered)
        it._length = (len(items) + chunksize - 1) // chunksize
        it._pool = self
        self._submit(it, func, self._chunks(items, chunksize), False)
        return it

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def close(self):
        if self._state == _RUN:
            self._state = _CLOSE
            for w in self._workers:
                self._tasks.put(None)
            self._results.put(None)

    def terminate(self):
        self._state = _TERMINATE
        for w in self._workers:
            if w is not None:
                w.terminate()
        for w in self._workers:
            if w is not None:
                w.join()
        for job, result in list(self._jobs.items()):
            if isinstance(result, ApplyResult) and not result.ready():
                result._finish(False, ProcessError('pool was terminated'))
        self._results.put(None)
        self._handler.join()

    def join(self):
        if self._state == _RUN:
            raise ValueError("Pool is still running")
        for w in list(self._workers):
            if w is not None:
                w.join()
        self._handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()

    def __repr__(self):
        state = ['RUN', 'CLOSE', 'TERMINATE'][self._state]
        return '<%s.%s state=%s pool_size=%d>' % (
            type(self).__module__, type(self).__qualname__, state, len(self._workers))


class _Star:
    """func(*args, **kwds) as a picklable object (for apply with kwds)."""

    def __init__(self, func, kwds):
        self.func = func
        self.kwds = kwds

    def __call__(self, *args):
        return self.func(*args, **self.kwds)


# ---------------------------------------------------------------------------
# Manager: shared dict, list and Namespace served by a manager process

class _ManagerServer:
    """Runs in the manager process: owns the real objects and answers
    requests (object id, method, args) from every client process."""

    def __init__(self, requests):
        self.objects = {}
        self.next_id = 0
        self.requests = requests

    def serve(self):
        while True:
            try:
                msg = self.requests.get()
            except (EOFError, OSError):
                return
            if msg is None:
                return
            reply_conn_index, oid, method, args, kwargs = msg
            try:
                if method == '__create__':
                    kind, init = args
                    self.next_id += 1
                    self.objects[self.next_id] = _make_managed(kind, init)
                    value = (True, self.next_id)
                else:
                    obj = self.objects[oid]
                    if method == '__getattr__':
                        value = (True, getattr(obj, args[0]))
                    elif method == '__setattr__':
                        setattr(obj, args[0], args[1])
                        value = (True, None)
                    elif method == '__delattr__':
                        delattr(obj, args[0])
                        value = (True, None)
                    elif method == '__copy__':
                        value = (True, _copy_managed(obj))
                    else:
                        value = getattr(obj, method)(*args, **kwargs)
                        if method in ('keys', 'values', 'items'):
                            value = list(value)
                        value = (True, value)
            except Exception as e:
                value = (False, _safe_exception(e))
            try:
                _manager_replies[reply_conn_index].send(value)
            except Exception as e:
                # The result cannot cross: the client gets the error instead.
                _manager_replies[reply_conn_index].send((False, _safe_exception(e)))


class Namespace:

    def __init__(self, **kwds):
        self.__dict__.update(kwds)

    def __repr__(self):
        items = list(self.__dict__.items())
        temp = []
        for name, value in items:
            if not name.startswith('_'):
                temp.append('%s=%r' % (name, value))
        temp.sort()
        return '%s(%s)' % (self.__class__.__name__, ', '.join(temp))


def _make_managed(kind, init):
    if kind == 'dict':
        return dict(init)
    if kind == 'list':
        return list(init)
    if kind == 'Namespace':
        return Namespace(**init)
    if kind == 'Value':
        return _RawHolder(init)
    raise ValueError('unknown managed type %r' % kind)


def _copy_managed(obj):
    if isinstance(obj, Namespace):
        return dict(obj.__dict__)
    if isinstance(obj, _RawHolder):
        return obj.value
    return obj.copy()


class _RawHolder:

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value

    def set(self, value):
        self.value = value


# One reply pipe per client slot; a client process takes a slot when it
# first talks to the manager (slots are made before any fork).
_MANAGER_SLOTS = 64
_manager_replies = []


class BaseProxy:

    def __init__(self, manager, oid, kind):
        object.__setattr__(self, '_manager', manager)
        object.__setattr__(self, '_oid', oid)
        object.__setattr__(self, '_kind', kind)

    def _callmethod(self, method, args=(), kwds={}):
        return self._manager._call(self._oid, method, args, kwds)

    def _getvalue(self):
        return self._callmethod('__copy__')


class DictProxy(BaseProxy):

    def __getitem__(self, key):
        return self._callmethod('__getitem__', (key,))

    def __setitem__(self, key, value):
        return self._callmethod('__setitem__', (key, value))

    def __delitem__(self, key):
        return self._callmethod('__delitem__', (key,))

    def __contains__(self, key):
        return self._callmethod('__contains__', (key,))

    def __len__(self):
        return self._callmethod('__len__')

    def __iter__(self):
        return iter(self._callmethod('keys'))

    def get(self, key, default=None):
        return self._callmethod('get', (key, default))

    def setdefault(self, key, default=None):
        return self._callmethod('setdefault', (key, default))

    def pop(self, key, *args):
        return self._callmethod('pop', (key,) + args)

    def keys(self):
        return list(self._callmethod('keys'))

    def values(self):
        return list(self._callmethod('values'))

    def items(self):
        return list(self._callmethod('items'))

    def update(self, *args, **kwds):
        return self._callmethod('update', args, kwds)

    def clear(self):
        return self._callmethod('clear')

    def copy(self):
        return self._getvalue()

    def __repr__(self):
        return repr(self._getvalue())

    def __str__(self):
        return str(self._getvalue())


class ListProxy(BaseProxy):

    def __getitem__(self, i):
        return self._callmethod('__getitem__', (i,))

    def __setitem__(self, i, value):
        return self._callmethod('__setitem__', (i, value))

    def __delitem__(self, i):
        return self._callmethod('__delitem__', (i,))

    def __len__(self):
        return self._callmethod('__len__')

    def __contains__(self, x):
        return self._callmethod('__contains__', (x,))

    def __iter__(self):
        return iter(self._getvalue())

    def append(self, x):
        return self._callmethod('append', (x,))

    def extend(self, xs):
        return self._callmethod('extend', (list(xs),))

    def insert(self, i, x):
        return self._callmethod('insert', (i, x))

    def pop(self, *args):
        return self._callmethod('pop', args)

    def remove(self, x):
        return self._callmethod('remove', (x,))

    def index(self, x):
        return self._callmethod('index', (x,))

    def count(self, x):
        return self._callmethod('count', (x,))

    def sort(self, key=None, reverse=False):
        return self._callmethod('sort', (), {'key': key, 'reverse': reverse})

    def reverse(self):
        return self._callmethod('reverse')

    def __repr__(self):
        return repr(self._getvalue())

    def __str__(self):
        return str(self._getvalue())


class NamespaceProxy(BaseProxy):

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return self._callmethod('__getattr__', (name,))

    def __setattr__(self, name, value):
        if name.startswith('_'):
            object.__setattr__(self, name, value)
        else:
            self._callmethod('__setattr__', (name, value))

    def __delattr__(self, name):
        self._callmethod('__delattr__', (name,))

    def __repr__(self):
        return 'Namespace(%s)' % ', '.join(
            '%s=%r' % kv for kv in sorted(self._getvalue().items())
            if not kv[0].startswith('_'))


class ValueProxy(BaseProxy):

    def get(self):
        return self._callmethod('get')

    def set(self, value):
        return self._callmethod('set', (value,))

    @property
    def value(self):
        return self._callmethod('get')

    @value.setter
    def value(self, value):
        self._callmethod('set', (value,))


class SyncManager:
    """Start a manager process that owns shared objects; proxies in any
    process call their methods there."""

    def __init__(self):
        self._process = None
        self._slot_lock = Lock()
        self._next_slot = RawValue('i', 0)
        self._slot_of = {}

    def start(self):
        global _manager_replies
        self._requests = Queue()
        pipes = [Pipe(False) for i in range(_MANAGER_SLOTS)]
        self._reply_readers = [r for r, w in pipes]
        _manager_replies = [w for r, w in pipes]
        self._process = Process(target=self._serve, name='SyncManager-1', daemon=True)
        self._process.start()
        self._call_lock = threading.Lock()

    def _serve(self):
        _ManagerServer(self._requests).serve()

    def _slot(self):
        pid = os.getpid()
        slot = self._slot_of.get(pid)
        if slot is None:
            with self._slot_lock:
                slot = self._next_slot.value
                if slot >= _MANAGER_SLOTS:
                    raise ProcessError('too many processes use this manager')
                self._next_slot.value = slot + 1
            self._slot_of[pid] = slot
        return slot

    def _call(self, oid, method, args, kwds):
        if self._process is None:
            raise ProcessError('manager has not been started')
        with self._call_lock:
            slot = self._slot()
            self._requests.put((slot, oid, method, tuple(args), dict(kwds)))
            ok, value = self._reply_readers[slot].recv()
        if ok:
            return value
        raise value

    def _create(self, kind, init, proxytype):
        oid = self._call(0, '__create__', (kind, init), {})
        return proxytype(self, oid, kind)

    def dict(self, *args, **kwds):
        return self._create('dict', dict(*args, **kwds), DictProxy)

    def list(self, sequence=()):
        return self._create('list', list(sequence), ListProxy)

    def Namespace(self, **kwds):
        return self._create('Namespace', kwds, NamespaceProxy)

    def Value(self, typecode, value, lock=True):
        return self._create('Value', value, ValueProxy)

    def Queue(self, maxsize=0):
        return Queue(maxsize)

    def Lock(self):
        return Lock()

    def RLock(self):
        return RLock()

    def Event(self):
        return Event()

    def shutdown(self):
        if self._process is not None:
            try:
                self._requests.put(None)
            except Exception:
                pass
            self._process.join(1)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._process = None

    def __enter__(self):
        if self._process is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown()


def Manager():
    m = SyncManager()
    m.start()
    return m


# ---------------------------------------------------------------------------
# Contexts (only 'fork')

class _Context:

    def __getattr__(self, name):
        return globals()[name]

    def get_start_method(self, allow_none=False):
        return 'fork'


def get_context(method=None):
    if method not in (None, 'fork'):
        raise ValueError("baton supports only the 'fork' start method")
    return _Context()


import atexit as _atexit
_atexit.register(_exit_function)
