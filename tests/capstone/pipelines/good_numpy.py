"""Capstone, my own way: numpy for the features, my metrics from the earlier modules."""

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

TARGETS = ("rainfall_tomorrow", "rain_tomorrow")
NUMERIC = ["high_temp", "avg_temp", "low_temp", "high_dewpt", "avg_dewpt", "low_dewpt",
           "high_humidity", "avg_humidity", "low_humidity", "high_hg", "avg_hg", "low_hg",
           "high_vis", "avg_vis", "low_vis", "high_wind", "avg_wind", "low_wind", "rainfall"]


def text(table, name):
    return np.array(["" if v is None else v for v in table[name]])


def prepare_features(train, test):
    raw_train = np.column_stack([np.asarray(train[c], dtype=float) for c in NUMERIC])
    raw_test = np.column_stack([np.asarray(test[c], dtype=float) for c in NUMERIC])
    fill = np.nanmean(raw_train, axis=0)
    fill[np.isnan(fill)] = 0
    raw_train = np.where(np.isnan(raw_train), fill, raw_train)
    raw_test = np.where(np.isnan(raw_test), fill, raw_test)
    mu = raw_train.mean(axis=0)
    sd = raw_train.std(axis=0)
    sd[sd == 0] = 1
    cities = np.unique(text(train, "city"))

    def extra(table):
        city = text(table, "city")
        onehot = (city[:, None] == cities[None, :]).astype(float)
        rain_today = (text(table, "rain_today") == "Yes").astype(float)[:, None]
        events = text(table, "events")
        rainy = np.array([("Rain" in e) or ("Thunderstorm" in e) for e in events], float)[:, None]
        foggy = np.array(["Fog" in e for e in events], float)[:, None]
        month = np.array([int(d[5:7]) if d else 1 for d in text(table, "date")])
        season = np.column_stack([np.sin(2 * np.pi * month / 12), np.cos(2 * np.pi * month / 12)])
        by_city = np.column_stack([onehot * season[:, [0]], onehot * season[:, [1]]])
        return np.hstack([onehot, rain_today, rainy, foggy, season, by_city])

    X_train = np.hstack([(raw_train - mu) / sd, extra(train)])
    X_test = np.hstack([(raw_test - mu) / sd, extra(test)])
    return X_train, X_test


def fit_and_predict(train, test, seed=0):
    X_train, X_test = prepare_features(train, test)
    y_mm = np.asarray(train["rainfall_tomorrow"], dtype=float)
    y_rain = (text(train, "rain_tomorrow") == "Yes").astype(int)
    out = {}
    reg = LinearRegression().fit(X_train, y_mm)
    out["linear_regression"] = np.clip(reg.predict(X_test), 0, None)
    knn = KNeighborsClassifier(n_neighbors=20, weights="distance").fit(X_train, y_rain)
    out["knn"] = knn.predict_proba(X_test)[:, 1]
    tree = DecisionTreeClassifier(max_depth=4, min_samples_leaf=10, random_state=seed)
    out["decision_tree"] = tree.fit(X_train, y_rain).predict_proba(X_test)[:, 1]
    logreg = LogisticRegression(C=0.5, max_iter=2000).fit(X_train, y_rain)
    out["logistic_regression"] = logreg.predict_proba(X_test)[:, 1]
    return out


# --- metrics, as I wrote them in the regression and classification modules ---

def mae(y, p):
    return float(np.mean(np.abs(y - p)))


def mse(y, p):
    return float(np.mean((y - p) ** 2))


def r2(y, p):
    ss_tot = np.sum((y - y.mean()) ** 2)
    return float(1 - np.sum((y - p) ** 2) / ss_tot) if ss_tot > 0 else 0.0


def classification_scores(y, proba):
    labels = (proba > 0.5).astype(int)
    tp = np.sum((labels == 1) & (y == 1))
    fp = np.sum((labels == 1) & (y == 0))
    fn = np.sum((labels == 0) & (y == 1))
    jac = tp / (tp + fp + fn) if tp + fp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    eps = np.finfo(float).eps
    q = np.clip(proba, eps, 1 - eps)
    ll = -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))
    return {"accuracy": float(np.mean(labels == y)), "jaccard": float(jac), "f1": float(f1),
            "log_loss": float(ll)}


def compare_models(truth, predictions):
    y_mm = np.asarray(truth["rainfall_tomorrow"], dtype=float)
    y_rain = np.asarray(truth["rain_tomorrow"], dtype=int)
    table = {}
    for name, p in predictions.items():
        p = np.asarray(p, dtype=float)
        if name == "linear_regression":
            table[name] = {"mae": mae(y_mm, p), "mse": mse(y_mm, p), "r2": r2(y_mm, p)}
        else:
            table[name] = classification_scores(y_rain, p)
    return table
