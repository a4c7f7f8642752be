# capstone - rain prediction
import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (accuracy_score, f1_score, jaccard_score, log_loss,
                             mean_absolute_error, mean_squared_error, r2_score)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier


def clean(table):
    df = pd.DataFrame(table)
    df = df.drop(columns=["rainfall_tomorrow", "rain_tomorrow", "date"], errors="ignore")
    df["events"] = df["events"].fillna("None")
    df["rain_today"] = df["rain_today"].fillna("No")
    df = pd.get_dummies(df, columns=["city", "events", "rain_today"], dtype=float)
    return df


def prepare_features(train, test):
    df_train = clean(train)
    df_test = clean(test).reindex(columns=df_train.columns, fill_value=0.0)
    medians = df_train.median()
    df_train = df_train.fillna(medians)
    df_test = df_test.fillna(medians).fillna(0.0)
    scaler = StandardScaler()
    X_train = scaler.fit_transform(df_train)
    X_test = scaler.transform(df_test)
    return X_train, X_test


def fit_and_predict(train, test, seed=0):
    X_train, X_test = prepare_features(train, test)
    y_amount = np.array(train["rainfall_tomorrow"], dtype=float)
    y_rain = np.array([1 if v == "Yes" else 0 for v in train["rain_tomorrow"]])

    lr = LinearRegression()
    lr.fit(X_train, y_amount)
    knn = KNeighborsClassifier(n_neighbors=12)
    knn.fit(X_train, y_rain)
    dt = DecisionTreeClassifier(max_depth=5, criterion="entropy", random_state=seed)
    dt.fit(X_train, y_rain)
    logreg = LogisticRegression(C=0.1, solver="liblinear")
    logreg.fit(X_train, y_rain)

    return {
        "linear_regression": lr.predict(X_test).clip(min=0),
        "knn": knn.predict_proba(X_test)[:, 1],
        "decision_tree": dt.predict_proba(X_test)[:, 1],
        "logistic_regression": logreg.predict_proba(X_test)[:, 1],
    }


def compare_models(truth, predictions):
    y_true = truth["rainfall_tomorrow"]
    rain = truth["rain_tomorrow"]
    report = {}
    p = predictions["linear_regression"]
    report["linear_regression"] = {
        "mae": mean_absolute_error(y_true, p),
        "mse": mean_squared_error(y_true, p),
        "r2": r2_score(y_true, p),
    }
    for model in ["knn", "decision_tree", "logistic_regression"]:
        if model not in predictions:
            continue
        proba = predictions[model]
        yhat = (proba > 0.5).astype(int)
        report[model] = {
            "accuracy": accuracy_score(rain, yhat),
            "jaccard": jaccard_score(rain, yhat, zero_division=0),
            "f1": f1_score(rain, yhat, zero_division=0),
            "log_loss": log_loss(rain, proba, labels=[0, 1]),
        }
    return report
