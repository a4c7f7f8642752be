"""Ada's capstone: rain tomorrow, from today's weather."""

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

TARGETS = ("rainfall_tomorrow", "rain_tomorrow")
EVENTS = ("Fog", "Hail", "Rain", "Snow", "Thunderstorm")


def numeric_columns(table):
    skip = set(TARGETS) | {"date", "city", "rain_today", "events"}
    return [name for name in table if name not in skip]


def text(table, name):
    return [value or "" for value in table[name]]


def extra_features(table, cities):
    city = np.array(text(table, "city"))
    one_hot = np.column_stack([city == c for c in cities]).astype(float)
    events = np.array([[e in day for e in EVENTS] for day in text(table, "events")], float)
    month = np.array([int(day[5:7]) for day in table["date"]], float)
    season = np.column_stack([np.sin(2 * np.pi * month / 12), np.cos(2 * np.pi * month / 12)])
    wet = np.array([w == "Yes" for w in text(table, "rain_today")], float)[:, None]
    rain = np.nan_to_num(np.asarray(table["rainfall"], float))[:, None]
    # each city has its own seasons and its own rain
    local = [one_hot[:, [j]] * season for j in range(len(cities))]
    local += [one_hot[:, [j]] * rain for j in range(len(cities))]
    return np.column_stack([one_hot, events, season, wet, *local])


def prepare_features(train, test):
    columns = numeric_columns(train)
    a = np.column_stack([np.asarray(train[c], float) for c in columns])
    b = np.column_stack([np.asarray(test[c], float) for c in columns])
    fill = np.nan_to_num(np.nanmedian(a, axis=0))
    a, b = np.where(np.isnan(a), fill, a), np.where(np.isnan(b), fill, b)
    mean, std = a.mean(axis=0), a.std(axis=0)
    std[std == 0] = 1.0
    cities = sorted(set(text(train, "city")))
    return (
        np.column_stack([(a - mean) / std, extra_features(train, cities)]),
        np.column_stack([(b - mean) / std, extra_features(test, cities)]),
    )


def fit_and_predict(train, test, seed=0):
    X, X_test = prepare_features(train, test)
    amount = np.asarray(train["rainfall_tomorrow"], float)
    rains = np.array([w == "Yes" for w in train["rain_tomorrow"]], int)
    out = {"linear_regression": np.clip(LinearRegression().fit(X, amount).predict(X_test), 0, None)}
    models = {
        "knn": KNeighborsClassifier(n_neighbors=15),
        "decision_tree": DecisionTreeClassifier(max_depth=5, random_state=seed),
        "logistic_regression": LogisticRegression(max_iter=1000),
    }
    for name, model in models.items():
        out[name] = model.fit(X, rains).predict_proba(X_test)[:, 1]
    return out


def compare_models(truth, predictions):
    from sklearn.metrics import (accuracy_score, f1_score, jaccard_score, log_loss,
                                 mean_absolute_error, mean_squared_error, r2_score)

    amount, rains = truth["rainfall_tomorrow"], truth["rain_tomorrow"]
    table = {}
    for name, p in predictions.items():
        p = np.asarray(p, float)
        if name == "linear_regression":
            table[name] = {"mae": mean_absolute_error(amount, p),
                           "mse": mean_squared_error(amount, p), "r2": r2_score(amount, p)}
        else:
            labels = (p > 0.5).astype(int)
            table[name] = {"accuracy": accuracy_score(rains, labels),
                           "jaccard": jaccard_score(rains, labels, zero_division=0.0),
                           "f1": f1_score(rains, labels, zero_division=0.0),
                           "log_loss": log_loss(rains, p, labels=[0, 1])}
    return table
