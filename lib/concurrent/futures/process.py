"""ProcessPoolExecutor: run calls in a pool of worker processes.

Workers are forked from the process that first submits work.  A result
thread in the parent collects results; if a worker dies (killed by a
signal, os._exit), every pending future fails with BrokenProcessPool and
the executor refuses new work, as in CPython — nothing hangs.

As in CPython, only max_workers + 1 calls are in the call queue at a time
(those futures are "running"); the rest wait in the parent, where
cancel() and shutdown(cancel_futures=True) can still cancel them.
"""

import os
import pickle
import threading
import multiprocessing
from queue import Empty

from concurrent.futures import _base


class BrokenProcessPool(_base.BrokenExecutor):
    """A worker process terminated abruptly."""


class _RemoteTraceback(Exception):
    pass


def _process_worker(calls, results, initializer, initargs):
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:
            return
    pid = os.getpid()
    while True:
        item = calls.get()
        if item is None:
            return
        work_id, fn, args, kwargs = item
        results.put(('start', work_id, pid, None))
        try:
            r = (True, fn(*args, **kwargs))
        except BaseException as e:
            r = (False, multiprocessing._safe_exception(e))
        try:
            results.put(('done', work_id, pid, r))
        except Exception as e:
            results.put(('done', work_id, pid, (False, multiprocessing._safe_exception(e))))


class ProcessPoolExecutor(_base.Executor):

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), *, max_tasks_per_child=None):
        if max_workers is None:
            max_workers = os.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._calls = multiprocessing.Queue()
        self._results = multiprocessing.Queue()
        self._processes = {}
        self._pending = {}       # work id -> future
        self._running = {}       # work id -> pid
        self._work_ids = 0
        self._waiting = []       # (work id, fn, args, kwargs) not yet sent
        self._outstanding = 0    # calls sent and not answered
        self._stop_sent = False
        self._shutdown_thread = False
        self._broken = False
        self._lock = threading.Lock()
        self._handler = None

    def _start_processes(self):
        while len(self._processes) < self._max_workers:
            p = multiprocessing.Process(
                target=_process_worker,
                args=(self._calls, self._results, self._initializer, self._initargs),
                daemon=True)
            p.start()
            self._processes[p.pid] = p
        if self._handler is None:
            self._handler = threading.Thread(target=self._handle_results,
                                             name='ProcessPoolResultHandler',
                                             daemon=True)
            self._handler.start()

    def _handle_results(self):
        while True:
            try:
                kind, work_id, pid, payload = self._results.get(timeout=0.05)
            except Empty:
                if self._check_workers():
                    return
                with self._lock:
                    if self._shutdown_thread and not self._pending:
                        return
                continue
            except (OSError, EOFError, ValueError) as e:
                self._break("the result queue failed: %s" % e)
                return
            with self._lock:
                if kind == 'start':
                    self._running[work_id] = pid
                    continue
                self._running.pop(work_id, None)
                self._outstanding -= 1
                f = self._pending.pop(work_id, None)
            self._feed()
            if f is not None and not f.done():
                ok, value = payload
                if ok:
                    f.set_result(value)
                else:
                    f.set_exception(value)

    def _check_workers(self):
        for pid, p in list(self._processes.items()):
            code = p.exitcode
            if code is not None and (code != 0 or not self._shutdown_thread):
                self._break('A process in the process pool was terminated abruptly '
                            'while the future was running or pending.')
                return True
        return False

    def _break(self, message):
        with self._lock:
            self._broken = message
            pending = list(self._pending.values())
            self._pending.clear()
            self._waiting.clear()
        for f in pending:
            if not f.done():
                try:
                    f.set_exception(BrokenProcessPool(message))
                except _base.InvalidStateError:
                    pass
        for p in self._processes.values():
            p.terminate()

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = _base.Future()
            self._work_ids += 1
            work_id = self._work_ids
            # Serialise before anything else: an unpicklable call fails here.
            pickle.dumps((fn, args, kwargs))
            self._pending[work_id] = f
            self._waiting.append((work_id, fn, args, kwargs))
        self._start_processes()
        self._feed()
        return f

    def _feed(self):
        """Send waiting calls while fewer than max_workers + 1 are out."""
        send = []
        with self._lock:
            while self._waiting and self._outstanding < self._max_workers + 1:
                item = self._waiting.pop(0)
                f = self._pending.get(item[0])
                if f is None or not f.set_running_or_notify_cancel():
                    self._pending.pop(item[0], None)
                    continue
                self._outstanding += 1
                send.append(item)
            # After shutdown, the workers are told to stop once every
            # waiting call has been sent.
            stop = (self._shutdown_thread and not self._waiting and
                    not self._stop_sent)
            if stop:
                self._stop_sent = True
        for item in send:
            self._calls.put(item)
        if stop:
            for p in self._processes.values():
                try:
                    self._calls.put(None)
                except Exception:
                    pass

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        if chunksize == 1:
            return super().map(fn, *iterables, timeout=timeout)
        items = list(zip(*iterables))
        chunks = [items[i:i + chunksize] for i in range(0, len(items), chunksize)]
        results = super().map(_process_chunk, [fn] * len(chunks), chunks, timeout=timeout)

        def flatten():
            for chunk in results:
                yield from chunk
        return flatten()

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown_thread = True
            if cancel_futures:
                for item in self._waiting:
                    f = self._pending.pop(item[0], None)
                    if f is not None:
                        f.cancel()
                self._waiting.clear()
        self._feed()
        if wait:
            if self._handler is not None:
                self._handler.join()
            for p in self._processes.values():
                p.join()


def _process_chunk(fn, chunk):
    return [fn(*args) for args in chunk]
