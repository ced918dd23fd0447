# An exception escaping asyncio.run: the traceback goes through the task
# and CPython's runner frames, and the exit status is 1.
import asyncio


async def inner():
    await asyncio.sleep(0)
    return {}['missing']


async def main():
    task = asyncio.create_task(inner())
    print('started')
    await task


asyncio.run(main())
