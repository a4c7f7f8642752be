"""optimization"""
def placeholder():
    raise NotImplementedError
