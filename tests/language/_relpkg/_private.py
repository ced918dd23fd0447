hidden = "hidden"
