print("alpha", __name__, __package__)
A = "alpha-A"
