# Exception from a method call through a property.
class Account:
    def __init__(self, balance):
        self.balance = balance
    @property
    def ratio(self):
        return 100 / self.balance
a = Account(50)
print(a.ratio)
b = Account(0)
print(b.ratio)
