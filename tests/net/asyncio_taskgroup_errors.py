# A TaskGroup whose task fails: the others are cancelled and the errors
# come out as an ExceptionGroup, caught with except*; gather's
# return_exceptions and a failing task inside a group of sleepers.
import asyncio


async def bad(n):
    await asyncio.sleep(0.001 * n)
    raise ValueError(f'boom {n}')


async def main():
    cancelled = []

    async def sleeper():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sleeper())
            tg.create_task(bad(1))
    except* ValueError as eg:
        print('caught', [str(e) for e in eg.exceptions], 'cancelled', cancelled)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad(1))
            tg.create_task(bad(1))
    except* ValueError as eg:
        print(type(eg).__name__, eg.message, sorted(str(e) for e in eg.exceptions))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad(0))
            raise KeyError('body')
    except* KeyError as eg:
        print('body error', eg.exceptions)
    except* ValueError as eg:
        print('task error', eg.exceptions)


asyncio.run(main())
