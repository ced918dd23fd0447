D = "deep-D " + __name__ + " " + __package__
