# asyncio tasks and synchronisation: cancellation, timeout(), wait(),
# TaskGroup, Lock, Event, Semaphore, a failing task's exception, and
# run_in_executor with a process pool.
import asyncio
import concurrent.futures


def square(x):
    return x * x


async def main():
    t = asyncio.create_task(asyncio.sleep(10), name='sleeper')
    await asyncio.sleep(0)
    print(t.get_name(), t.done(), t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print('cancelled', t.cancelled())
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(1)
    except TimeoutError:
        print('timeout() raised TimeoutError')
    tasks = [asyncio.create_task(asyncio.sleep(d, d)) for d in (0.6, 0.0, 0.4)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(x.result() for x in done), len(pending))
    done, pending = await asyncio.wait(tasks)
    print(sorted(x.result() for x in done), len(pending))
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(asyncio.sleep(0.01, 'a'))
        b = tg.create_task(asyncio.sleep(0, 'b'))
    print(a.result(), b.result())

    lock = asyncio.Lock()
    order = []

    async def locked(n):
        async with lock:
            order.append(('in', n))
            await asyncio.sleep(0.001)
            order.append(('out', n))
    await asyncio.gather(*(locked(n) for n in range(3)))
    print(order)

    ev = asyncio.Event()

    async def waiter(n):
        await ev.wait()
        return n
    ws = [asyncio.create_task(waiter(n)) for n in range(3)]
    await asyncio.sleep(0)
    print(ev.is_set(), [w.done() for w in ws])
    ev.set()
    print(await asyncio.gather(*ws))

    sem = asyncio.Semaphore(2)
    active = []
    peak = []

    async def limited(n):
        async with sem:
            active.append(n)
            peak.append(len(active))
            await asyncio.sleep(0.001)
            active.remove(n)
    await asyncio.gather(*(limited(n) for n in range(6)))
    print('peak', max(peak))

    async def fails():
        await asyncio.sleep(0)
        raise ValueError('task failed')
    ft = asyncio.create_task(fails())
    try:
        await ft
    except ValueError as e:
        print(type(e).__name__, e, type(ft.exception()).__name__)
    r = await asyncio.gather(fails(), asyncio.sleep(0, 'ok'), return_exceptions=True)
    print([type(x).__name__ for x in r])

    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        print(await asyncio.gather(*(loop.run_in_executor(pool, square, i) for i in range(5))))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        print(await loop.run_in_executor(pool, square, 7))


if __name__ == '__main__':
    asyncio.run(main())
