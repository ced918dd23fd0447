# Task switching in one event loop: 1,000 tasks each awaiting
# asyncio.sleep(0) 100 times (100,000 task steps through the ready queue),
# then two tasks passing 30,000 items back and forth over two
# asyncio.Queues (a ping-pong: every item is a wake-up of the other task).
import asyncio

TASKS = 1_000
STEPS = 100
ITEMS = 30_000


async def spinner(i):
    for _ in range(STEPS):
        await asyncio.sleep(0)
    return i


async def ping(out, back):
    total = 0
    for i in range(ITEMS):
        await out.put(i)
        total += await back.get()
    await out.put(None)
    return total


async def pong(inq, outq):
    while (item := await inq.get()) is not None:
        await outq.put(item * 2)


async def main():
    results = await asyncio.gather(*(spinner(i) for i in range(TASKS)))
    a, b = asyncio.Queue(), asyncio.Queue()
    total, _ = await asyncio.gather(ping(a, b), pong(a, b))
    print(len(results), sum(results), total)


asyncio.run(main())
