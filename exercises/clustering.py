"""clustering"""
def placeholder():
    raise NotImplementedError
