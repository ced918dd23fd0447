# asyncio.tasks._enter_task / _leave_task (native in baton, as in CPython's
# _asyncio): the bookkeeping current_task() reads, and their errors.
import asyncio
from asyncio import tasks


class FakeTask:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "<FakeTask %s>" % self.name


class Loop:
    pass


loop = Loop()
a, b = FakeTask("a"), FakeTask("b")
print(tasks._enter_task(loop, a))
print(tasks._current_tasks.get(loop) is a, asyncio.current_task(loop) is a)
try:
    tasks._enter_task(loop, b)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    tasks._leave_task(loop, b)
except RuntimeError as e:
    print("RuntimeError:", e)
print(tasks._leave_task(loop, a))
print(loop in tasks._current_tasks, asyncio.current_task(loop))
try:
    tasks._leave_task(loop, a)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    tasks._enter_task([], a)
except TypeError as e:
    print("TypeError:", e)


async def main():
    t = asyncio.current_task()
    print("inside:", t.get_name(), tasks._current_tasks[asyncio.get_running_loop()] is t)
    try:
        tasks._enter_task(asyncio.get_running_loop(), a)
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(" while")[0])

asyncio.run(main(), debug=False)
