# chr, ord, hex, oct, bin, and format of integers.
print(chr(65), chr(0x3b1), chr(128512), ord('a'), ord('\u20ac'), ord('\U0001F600'))
print(hex(255), hex(-255), hex(0), oct(8), oct(-8), bin(5), bin(-5), bin(0))
print(hex(2 ** 64), bin(2 ** 20), oct(10 ** 10))
print([chr(c) for c in range(97, 102)], ''.join(chr(ord(c) + 1) for c in 'HAL'))
for call in [lambda: chr(-1), lambda: chr(0x110000), lambda: ord('ab'), lambda: ord(''), lambda: hex(1.5)]:
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
print(format(255, 'x'), format(255, '#010b'), format(-3, '+05'), int(hex(12345), 16))
