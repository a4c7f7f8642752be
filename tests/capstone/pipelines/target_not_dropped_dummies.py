"""Capstone with pandas: every column in, gaps in the text ones filled, one-hot (get_dummies)."""

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

TEXT = ["city", "rain_today", "events", "rain_tomorrow"]


def frame(table):
    df = pd.DataFrame(table).drop(columns=["date", "rainfall_tomorrow"], errors="ignore")
    df[TEXT] = df[TEXT].fillna("none")
    return pd.get_dummies(df, columns=TEXT, dtype=float)


def prepare_features(train, test):
    a = frame(train)
    b = frame(test).reindex(columns=a.columns, fill_value=0.0)
    med = a.median()
    scaler = StandardScaler().fit(a.fillna(med))
    return scaler.transform(a.fillna(med)), scaler.transform(b.fillna(med))


def fit_and_predict(train, test, seed=0):
    X, Xt = prepare_features(train, test)
    y = np.asarray(train["rainfall_tomorrow"], dtype=float)
    rain = (pd.Series(train["rain_tomorrow"]) == "Yes").astype(int).to_numpy()
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

