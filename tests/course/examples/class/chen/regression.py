import numpy as np


def mean_squared_error(y_true, y_pred):
    total = 0.0
    for i in range(len(y_true)):
        total += (y_true[i] - y_pred[i]) ** 2
    return total / len(y_true)


def r2_score(y_true, y_pred):
    mean = sum(y_true) / len(y_true)
    ss_tot = sum((y - mean) ** 2 for y in y_true)
    ss_res = mean_squared_error(y_true, y_pred) * len(y_true)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return 1 - ss_res / ss_tot


print("MSE of my example:", mean_squared_error(np.array([1.0, 2.0]), np.array([1.0, 3.0])))
