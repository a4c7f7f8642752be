"""Capstone: every model tuned by cross-validated grid search."""

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

SKIP = {"date", "city", "rain_today", "events", "rainfall_tomorrow", "rain_tomorrow"}


def prepare_features(train, test):
    cols = [c for c in train if c not in SKIP]
    A = np.column_stack([np.asarray(train[c], dtype=float) for c in cols])
    B = np.column_stack([np.asarray(test[c], dtype=float) for c in cols])
    fill = np.nan_to_num(np.nanmedian(A, axis=0))
    A = np.where(np.isnan(A), fill, A)
    B = np.where(np.isnan(B), fill, B)
    mean, std = A.mean(axis=0), A.std(axis=0)
    std[std == 0] = 1.0
    cities = sorted(set(train["city"]))
    def cat(t):
        return np.array([[c == k for k in cities] + [t["rain_today"][i] == "Yes"]
                         for i, c in enumerate(t["city"])], dtype=float)
    return np.hstack([(A - mean) / std, cat(train)]), np.hstack([(B - mean) / std, cat(test)])


def fit_and_predict(train, test, seed=0):
    X, Xt = prepare_features(train, test)
    y = np.asarray(train["rainfall_tomorrow"], dtype=float)
    rain = np.array([v == "Yes" for v in train["rain_tomorrow"]], dtype=int)
    out = {"linear_regression": np.maximum(LinearRegression().fit(X, y).predict(Xt), 0)}
    searches = {
        "knn": GridSearchCV(KNeighborsClassifier(), {"n_neighbors": list(range(1, 80)),
                                                     "weights": ["uniform", "distance"],
                                                     "p": [1, 2]}, cv=10, scoring="neg_log_loss"),
        "decision_tree": GridSearchCV(DecisionTreeClassifier(random_state=seed),
                                      {"max_depth": list(range(1, 20)),
                                       "min_samples_leaf": [1, 2, 5, 10, 20, 50]}, cv=10),
        "logistic_regression": GridSearchCV(LogisticRegression(max_iter=5000),
                                            {"C": list(np.logspace(-4, 4, 40))}, cv=10),
    }
    for name, search in searches.items():
        out[name] = search.fit(X, rain).predict_proba(Xt)[:, 1]
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

