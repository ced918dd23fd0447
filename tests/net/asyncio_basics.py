# asyncio from CPython's Lib on baton: asyncio.run, gather, sleep, create_task
# with names, Queue, wait_for timeouts, run_in_executor and to_thread.
import asyncio

async def work(name, delay):
    await asyncio.sleep(delay)
    print('done', name)
    return name.upper()

async def main():
    r = await asyncio.gather(work('a', 0.4), work('b', 0.2), work('c', 0))
    print(r)
    t = asyncio.create_task(work('t', 0.01), name='T1')
    print(t.get_name(), await t)
    q = asyncio.Queue()
    async def prod():
        for i in range(3):
            await q.put(i)
        await q.put(None)
    async def cons():
        while (x := await q.get()) is not None:
            print('got', x)
    await asyncio.gather(prod(), cons())
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.01)
    except asyncio.TimeoutError as e:
        print('timeout', type(e).__name__)
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, sum, [1, 2, 3]))
    print(await asyncio.to_thread(len, 'abcd'))

asyncio.run(main())
