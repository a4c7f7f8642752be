# Correct, written with loops over the samples.
def mean_squared_error(y_true, y_pred):
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += (t - p) ** 2
    return total / len(y_true)


def r2_score(y_true, y_pred):
    mean = sum(y_true) / len(y_true)
    ss_res = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    ss_tot = sum((t - mean) ** 2 for t in y_true)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return 1 - ss_res / ss_tot
