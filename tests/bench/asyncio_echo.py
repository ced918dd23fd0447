# An asyncio echo server on 127.0.0.1 with CLIENTS concurrent clients, each
# sending MESSAGES lines and checking every reply (issue 14's load test).
import asyncio

CLIENTS = 1000
MESSAGES = 100


async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()


async def client(port, n):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    ok = 0
    for i in range(MESSAGES):
        msg = b'client %d message %d\n' % (n, i)
        writer.write(msg)
        await writer.drain()
        if await reader.readline() == msg:
            ok += 1
    writer.close()
    await writer.wait_closed()
    return ok


async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0, backlog=CLIENTS)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(port, n) for n in range(CLIENTS)))
    print(len(results), 'clients,', sum(results), 'replies checked')


asyncio.run(main())
