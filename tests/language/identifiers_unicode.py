# Non-ASCII identifiers: XID_Start/XID_Continue, and NFKC normalization
# (ℌ, ﬁ and µ name the same variables as H, fi and μ).
ℌ = 1
ﬁ = 2
µ = 3
print(H, fi, μ)
def ƒ(ĳ=4):
    return ĳ * 2
print(ƒ(), ƒ(ij=5), ƒ(ĳ=6))
class Ωmega:
    ǅ = 'title'
print(Ωmega.Dž, Ωmega().ǅ, sorted(k for k in vars() if not k.startswith('_'))[:6])
naïve, 変数, x·y, ℘ = 'a', 'b', 'c', 'd'
print(naïve + 変数 + x·y + ℘, 'ℌ' in globals(), 'H' in globals())
