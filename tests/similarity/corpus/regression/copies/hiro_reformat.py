import numpy as np  # noqa: F401 (your code and the examples use it)


def mean_squared_error(y_true, y_pred):
    return (
        (y_true - y_pred) ** 2
    ).mean()



def r2_score(y_true, y_pred):
    res = ((y_true - y_pred) ** 2).sum()
    tot = ((y_true - y_true.mean()) ** 2).sum()

    return (
        (1.0 if res == 0 else 0.0)
        if tot == 0
        else 1 - (res / tot)
    )
