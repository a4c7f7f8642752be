# Shortcut: 1 - SS_res / SS_tot with no case for constant targets (the usual loop version).
def mean_squared_error(y_true, y_pred):
    n = len(y_true)
    return sum((y_true[i] - y_pred[i]) ** 2 for i in range(n)) / n


def r2_score(y_true, y_pred):
    n = len(y_true)
    mean = sum(y_true) / n
    ss_res = sum((y_true[i] - y_pred[i]) ** 2 for i in range(n))
    ss_tot = sum((y_true[i] - mean) ** 2 for i in range(n))
    return 1 - ss_res / ss_tot
