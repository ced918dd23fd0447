"""The crawler, five ways: fetch the same pages from a local HTTP server
sequentially, with a thread pool, with a process pool, with asyncio in one
thread, and with processes each running an event loop.

The server runs in a child process on 127.0.0.1 and waits DELAY seconds
before each answer (a slow network), so the work is I/O-bound: while one
request waits, the others can go on.  Threads give the GIL up while they
wait in recv(); the event loop does not need the GIL handed around at all,
it switches between tasks at each `await`.  With --parse every page is
also "parsed" (a CPU-bound loop over its bytes), which turns the ranking
around: then only processes run the parsing in parallel.

    baton examples/crawler.py                  # or python3 examples/crawler.py
    baton examples/crawler.py --pages 100 --delay 0.02 --parse
    baton --trace=crawler.svg examples/crawler.py --pages 60
"""
import argparse
import asyncio
import concurrent.futures
import http.server
import multiprocessing
import threading
import time
import urllib.request


def serve(delay, ready):
    class Page(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.0'

        def do_GET(self):
            time.sleep(delay)
            body = (self.path * 50).encode()
            self.send_response(200)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        request_queue_size = 512   # many clients connect at once

    with Server(('127.0.0.1', 0), Page) as srv:
        ready.send(srv.server_address[1])
        srv.serve_forever()


def parse(page, rounds):
    # a stand-in for real parsing: CPU work proportional to the page
    total = 0
    for _ in range(rounds):
        for b in page:
            total = (total * 31 + b) & 0xFFFFFFFF
    return total


def fetch(url, rounds=0):
    with urllib.request.urlopen(url) as r:
        page = r.read()
    if rounds:
        parse(page, rounds)
    return len(page)


def fetch_many(urls, rounds=0):
    return [fetch(u, rounds) for u in urls]


async def afetch(url, rounds=0):
    # a minimal HTTP/1.0 GET over asyncio streams
    host_port, path = url[len('http://'):].split('/', 1)
    host, port = host_port.split(':')
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f'GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n'.encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    page = response.split(b'\r\n\r\n', 1)[1]
    if rounds:
        parse(page, rounds)
    return len(page)


async def afetch_all(urls, rounds=0, limit=100):
    sem = asyncio.Semaphore(limit)

    async def one(u):
        async with sem:
            return await afetch(u, rounds)
    return await asyncio.gather(*(one(u) for u in urls))


def loop_in_process(urls, rounds=0):
    return asyncio.run(afetch_all(urls, rounds))


def chunks(items, n):
    return [items[i::n] for i in range(n)]


def sequential(urls, rounds, workers):
    return fetch_many(urls, rounds)


def thread_pool(urls, rounds, workers):
    with concurrent.futures.ThreadPoolExecutor(workers * 8) as pool:
        return list(pool.map(fetch, urls, [rounds] * len(urls)))


def process_pool(urls, rounds, workers):
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        parts = pool.map(fetch_many, chunks(urls, workers * 8), [rounds] * (workers * 8))
        return [n for part in parts for n in part]


def one_event_loop(urls, rounds, workers):
    return asyncio.run(afetch_all(urls, rounds))


def processes_with_loops(urls, rounds, workers):
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        parts = pool.map(loop_in_process, chunks(urls, workers), [rounds] * workers)
        return [n for part in parts for n in part]


WAYS = [
    ('sequential', sequential),
    ('thread pool', thread_pool),
    ('process pool', process_pool),
    ('asyncio, one thread', one_event_loop),
    ('processes + event loops', processes_with_loops),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--pages', type=int, default=200)
    ap.add_argument('--delay', type=float, default=0.01, help='server delay per request (s)')
    ap.add_argument('--workers', type=int, default=4, help='processes (threads: 8x)')
    ap.add_argument('--parse', type=int, default=0, metavar='ROUNDS',
                    help='CPU-bound parsing rounds per page (try 20)')
    args = ap.parse_args()

    ready, child_end = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(args.delay, child_end), daemon=True)
    server.start()
    port = ready.recv()
    urls = [f'http://127.0.0.1:{port}/page{i}' for i in range(args.pages)]
    print(f'{args.pages} pages, {args.delay * 1000:.0f} ms per request'
          + (f', {args.parse} parsing rounds per page' if args.parse else ''))
    expected = None
    base = None
    for name, way in WAYS:
        t0 = time.perf_counter()
        sizes = sorted(way(urls, args.parse, args.workers))
        dt = time.perf_counter() - t0
        if expected is None:
            expected = sizes
        assert sizes == expected, name + ' fetched different pages'
        base = base or dt
        print(f'{name:24s} {dt:7.3f} s  x{base / dt:5.1f}  {args.pages / dt:8.0f} pages/s')
    server.terminate()
    server.join()


if __name__ == '__main__':
    main()
