# baton only: the main thread, alone, waits for an Event that nobody sets.
# A worker that could have set it has ended without doing so: the check runs
# when the last other thread ends.  Exit status 2 and a report.
import threading

done = threading.Event()
worker = threading.Thread(target=lambda: print("worker forgot to set"), name="worker")
worker.start()
done.wait()
print("never")
