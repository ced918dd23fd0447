# Inserting and popping keys over and over (as a pool's job table does) must
# not leave the dict's index full of deleted markers: a later lookup of a
# missing key used to loop forever.
jobs = {}
for i in range(20000):
    jobs[i] = "job %d" % i
    if i % 3 == 0:
        jobs.pop(i)
    if i >= 5:
        jobs.pop(i - 5, None)
print(len(jobs), sorted(jobs)[:3], -1 in jobs, jobs.get(123456))
d = {}
for i in range(5000):
    d["k%d" % i] = i
    del d["k%d" % i]
print(len(d), "k1" in d, d.get("k4999", "missing"))
d.update((str(i), i) for i in range(10))
while d:
    d.popitem()
print(d, len(d))
