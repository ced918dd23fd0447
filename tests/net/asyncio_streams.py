# asyncio streams over loopback: start_server with an echo handler and five
# concurrent open_connection clients, lines checked in order.
import asyncio

async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()

async def client(port, n):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    replies = []
    for i in range(3):
        writer.write(b'client %d line %d\n' % (n, i))
        await writer.drain()
        replies.append(await reader.readline())
    writer.close()
    await writer.wait_closed()
    return replies

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(port, n) for n in range(5)))
    for r in results:
        print(r)

asyncio.run(main())
