"""RLock: a lock its owner may take again (recursion, nested calls).

With a plain Lock the nested acquire would wait for itself forever; here
it would time out.  An RLock counts its owner's acquisitions instead.
"""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.RLock()

    def withdraw(self, amount):
        with self.lock:
            self.balance -= amount

    def transfer_out(self, amount, fee):
        with self.lock:              # held ...
            self.withdraw(amount)    # ... and taken again inside
            self.withdraw(fee)


def main():
    acct = Account(100)
    workers = [threading.Thread(target=acct.transfer_out, args=(10, 1)) for _ in range(5)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("balance:", acct.balance)

    plain = threading.Lock()
    plain.acquire()
    print("plain Lock taken again by its owner:", plain.acquire(timeout=0.1))
    plain.release()

    r = threading.RLock()
    r.acquire()
    print("RLock taken again by its owner:", r.acquire(timeout=0.1))
    r.release()
    r.release()


if __name__ == "__main__":
    main()
