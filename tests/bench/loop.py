# A while loop of small-int arithmetic, 10 million iterations.
def main():
    i = 0
    total = 0
    while i < 10000000:
        total = (total + i * 3 - (i >> 2)) % 1000003
        i += 1
    print(total)


main()
