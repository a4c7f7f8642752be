def fit(x, y):
    return 0
