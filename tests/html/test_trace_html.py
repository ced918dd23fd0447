#!/usr/bin/env python3
"""Open baton's HTML traces in headless Chromium and use them as a person
would: look at the whole run, zoom in with the mouse wheel, drag to pan,
hover a span and read the tooltip.  Screenshots of each step go to
build/logs/html/ (look at them).  Any JavaScript error, console error or
network request (the page must be self-contained) fails the test.

    python3 tests/html/test_trace_html.py BATON [CHROMIUM]

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so
no port is opened and nothing but the standard library is needed.  Prints
one line per check and then "N passed, N failed".
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'build', 'logs', 'html')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run']

passed = failed = 0


def check(name, ok, detail=''):
    global passed, failed
    if ok:
        passed += 1
        print('ok   %s' % name)
    else:
        failed += 1
        print('FAIL %s %s' % (name, detail))


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix='baton-chromium-')
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium] + FLAGS + ['--user-data-dir=' + self.profile, '--remote-debugging-pipe',
                                  'about:blank'],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(OUT, 'chromium.log'), 'w'))
        os.close(to_r)
        os.close(from_w)
        self.buf = b''
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session and self.session:
            msg['sessionId'] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b'\0')
        deadline = time.time() + timeout
        while True:
            m = self.read(deadline)
            if m is None:
                raise RuntimeError('no answer to %s' % method)
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError('%s: %s' % (method, m['error']))
                return m.get('result', {})
            self.events.append(m)

    def read(self, deadline):
        while b'\0' not in self.buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                return None
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        raw, self.buf = self.buf.split(b'\0', 1)
        return json.loads(raw)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get('method') == method:
                return self.events.pop(i)
        while True:
            m = self.read(deadline)
            if m is None:
                return None
            if m.get('method') == method:
                return m
            self.events.append(m)

    def open(self, url, width=1280, height=900):
        target = self.send('Target.createTarget', {'url': 'about:blank'}, session=False)
        self.session = self.send('Target.attachToTarget',
                                 {'targetId': target['targetId'], 'flatten': True},
                                 session=False)['sessionId']
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            self.send(domain + '.enable')
        self.send('Emulation.setDeviceMetricsOverride',
                  {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        self.events.clear()
        self.send('Page.navigate', {'url': url})
        self.wait_event('Page.loadEventFired')

    def js(self, expr):
        r = self.send('Runtime.evaluate', {'expression': expr, 'returnByValue': True})
        if 'exceptionDetails' in r:
            raise RuntimeError('evaluating %s: %s' % (expr, r['exceptionDetails']))
        return r['result'].get('value')

    def mouse(self, kind, x, y, **extra):
        params = {'type': kind, 'x': x, 'y': y}
        params.update(extra)
        self.send('Input.dispatchMouseEvent', params)

    def screenshot(self, name):
        time.sleep(0.2)  # let the page paint what the last event changed
        data = self.send('Page.captureScreenshot', {'format': 'png'})['data']
        path = os.path.join(OUT, name + '.png')
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))
        return path

    def problems(self, page_url):
        """JavaScript exceptions, console errors and requests for anything
        but the page itself, seen so far."""
        out = []
        self.drain()
        for e in self.events:
            m, p = e.get('method'), e.get('params', {})
            if m == 'Runtime.exceptionThrown':
                d = p.get('exceptionDetails', {})
                out.append('exception: %s' % (d.get('exception', {}).get('description') or d.get('text')))
            elif m == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
                out.append('console.%s: %s' % (p['type'], p.get('args')))
            elif m == 'Log.entryAdded' and p.get('entry', {}).get('level') == 'error':
                out.append('log: %s' % p['entry'].get('text'))
            elif m == 'Network.requestWillBeSent' and p.get('request', {}).get('url') != page_url:
                out.append('network request: %s' % p['request'].get('url'))
        return out

    def drain(self):
        while True:
            m = self.read(time.time() + 0.05)
            if m is None:
                return
            self.events.append(m)

    def close(self):
        try:
            self.send('Browser.close', session=False, timeout=5)
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def make_trace(baton, name, args):
    path = os.path.join(OUT, name + '.html')
    subprocess.run([baton, '--trace=' + path] + args, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, timeout=120)
    return path


def explore(browser, path, name, hover_state, hover_reason):
    url = 'file://' + path
    browser.open(url)
    view = browser.js('batonView.view()')
    check('%s: opens showing the whole run' % name, view and view[0] == 0 and view[1] == view[2],
          view)
    rows = browser.js('document.querySelectorAll("#stats tr").length')
    check('%s: the statistics table has a row per thread and a total' % name, rows and rows >= 4, rows)
    browser.screenshot(name + '-1-whole')

    # Zoom in with the mouse wheel over the middle of the plot.
    box = browser.js('(function(){var r=document.getElementById("canvas").getBoundingClientRect();'
                     'return [r.left, r.top, r.width, r.height];})()')
    cx, cy = box[0] + 210 + (box[2] - 222) * 0.55, box[1] + 60
    browser.mouse('mouseMoved', cx, cy)
    for _ in range(4):
        browser.mouse('mouseWheel', cx, cy, deltaX=0, deltaY=-300)
    zoomed = browser.js('batonView.view()')
    width = zoomed[1] - zoomed[0]
    check('%s: the wheel zooms in (%.1fx)' % (name, view[2] / width), width < view[2] / 3, zoomed)
    browser.screenshot(name + '-2-zoomed')

    # Drag to the left: the view moves later in time.
    browser.mouse('mousePressed', cx, cy, button='left', clickCount=1)
    for step in range(1, 6):
        browser.mouse('mouseMoved', cx - 40 * step, cy, button='left')
    browser.mouse('mouseReleased', cx - 200, cy, button='left', clickCount=1)
    panned = browser.js('batonView.view()')
    check('%s: dragging pans' % name, panned[0] > zoomed[0] and
          abs((panned[1] - panned[0]) - width) < width * 1e-6, (zoomed, panned))

    # Hover a span and read the tooltip.
    at = browser.js('batonView.locate(%s, %s)' % (json.dumps(hover_state), json.dumps(hover_reason)))
    if not at:
        browser.js('document.getElementById("reset").click()')
        at = browser.js('batonView.locate(%s, %s)' % (json.dumps(hover_state), json.dumps(hover_reason)))
    check('%s: a %s span is on screen' % (name, hover_reason or hover_state), at is not None)
    if at:
        browser.mouse('mouseMoved', at['x'], at['y'])
        tip = browser.js('batonView.tip()')
        want = [hover_reason or hover_state, 'duration']
        check('%s: hovering shows %s' % (name, ' and '.join(want)),
              all(w in tip for w in want), repr(tip))
        browser.screenshot(name + '-3-hover')
    bad = browser.problems(url)
    check('%s: no JavaScript error, no network request' % name, not bad, bad)
    err = browser.js('document.getElementById("error").textContent')
    check('%s: the page shows no error' % name, not err, err)
    return browser


def main():
    baton = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, 'build', 'normal', 'baton')
    chromium = sys.argv[2] if len(sys.argv) > 2 else (shutil.which('chromium') or
                                                      shutil.which('chromium-browser'))
    os.makedirs(OUT, exist_ok=True)
    if not chromium:
        check('chromium is installed (scripts/deps.sh installs it)', False)
        print('%d passed, %d failed' % (passed, failed))
        return 1
    convoy = make_trace(baton, 'convoy', ['examples/convoy.py'])
    old = make_trace(baton, 'old', ['--gil=old', 'examples/cpu_bound_threads.py'])
    # The page's table and marks are the same data: as many false-alarm
    # marks in its trace as false alarms in its statistics.
    with open(old) as f:
        text = f.read()
    trace = text.split('id="trace">', 1)[1].split('</script>', 1)[0]
    stats = text.split('id="stats-data">', 1)[1].split('</script>', 1)[0]
    marks = json.loads(trace)['traceEvents']
    counted = sum(r['false_alarms'] for r in json.loads(stats)['threads'])
    shown = sum(1 for e in marks if e.get('name') == 'false alarm')
    check('old: the false-alarm marks match the statistics (%d)' % counted, shown == counted,
          (shown, counted))
    # asyncio tasks: a lane under their thread, a step hovered like a span.
    tasks = make_trace(baton, 'tasks', ['examples/gil_pictures_tasks.py'])
    for path, name, state, reason in ((convoy, 'convoy', 'blocked', 'sleep'),
                                      (old, 'old', 'waiting', None),
                                      (tasks, 'tasks', 'task step', None)):
        b = Browser(chromium)
        try:
            explore(b, path, name, state, reason)
        except (RuntimeError, OSError, KeyError, TypeError) as e:
            check('%s: the browser session' % name, False, e)
        finally:
            b.close()
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
