import numpy as np


def mean_squared_error(y_true, y_pred):
    return float(((y_true - y_pred) ** 2).mean())


def r2_score(y_true, y_pred):
    mean = y_true.mean()
    ss_tot = 0.0
    ss_res = 0.0
    i = 0
    while i < len(y_true):
        ss_tot += (y_true[i] - mean) ** 2
        ss_res += (y_true[i] - y_pred[i]) ** 2
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return 1 - ss_res / ss_tot
