"""The tutorials' ticket race: without a lock, threads oversell.

Each seller checks that a ticket is left, then (after a short pause, as
if talking to a customer) takes it.  Between the check and the update
another thread can take the last ticket: the GIL makes each bytecode
atomic, not your check-then-act sequence.  With a Lock around both, the
count is exact.
"""
import threading
import time

TICKETS = 20
SELLERS = 4


def sell_unsafe(state, sold):
    while True:
        if state["left"] > 0:
            time.sleep(0.001)          # the race window
            state["left"] -= 1
            sold.append(1)
        else:
            return


def sell_safe(state, sold, lock):
    while True:
        with lock:
            if state["left"] > 0:
                time.sleep(0.001)
                state["left"] -= 1
                sold.append(1)
            else:
                return


def run(target, *extra):
    state = {"left": TICKETS}
    sold = []
    threads = [threading.Thread(target=target, args=(state, sold) + extra)
               for _ in range(SELLERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(sold), state["left"]


def main():
    sold, left = run(sell_unsafe)
    print("without a lock: sold %d of %d tickets (left: %d)%s"
          % (sold, TICKETS, left, "  <- oversold!" if sold > TICKETS else ""))
    sold, left = run(sell_safe, threading.Lock())
    print("with a lock:    sold %d of %d tickets (left: %d)" % (sold, TICKETS, left))


if __name__ == "__main__":
    main()
