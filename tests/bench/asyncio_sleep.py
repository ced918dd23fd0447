# 10,000 tasks each sleeping 10 ms: the event loop's timers and task
# switching (issue 14's load test; ideally about 10 ms plus overhead).
import asyncio

TASKS = 10_000


async def sleeper(i):
    await asyncio.sleep(0.01)
    return i


async def main():
    results = await asyncio.gather(*(sleeper(i) for i in range(TASKS)))
    print(len(results), sum(results))


asyncio.run(main())
