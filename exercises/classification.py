"""classification"""
def placeholder():
    raise NotImplementedError
