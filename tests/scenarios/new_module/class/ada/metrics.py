def mean_absolute_error(y_true, y_pred):
    total = 0.0
    for truth, prediction in zip(y_true, y_pred):
        total += abs(truth - prediction)
    return total / len(y_true)


def max_error(y_true, y_pred):
    worst = 0.0
    for truth, prediction in zip(y_true, y_pred):
        worst = max(worst, abs(truth - prediction))
    return float(worst)
