"""Capstone pipeline with pandas and scikit-learn's ColumnTransformer."""

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

TARGETS = ["rainfall_tomorrow", "rain_tomorrow"]
CATEGORICAL = ["city", "rain_today", "month"]


def to_frame(table):
    df = pd.DataFrame(table)
    df = df.drop(columns=[c for c in TARGETS if c in df.columns])
    df["month"] = df["date"].str[5:7]
    df["rain_event"] = df["events"].fillna("").str.contains("Rain").astype(float)
    return df.drop(columns=["date", "events"])


def make_preprocessor(df):
    numeric = [c for c in df.columns if c not in CATEGORICAL]
    return ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                              OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
         CATEGORICAL),
    ])


def prepare_features(train, test):
    df_train, df_test = to_frame(train), to_frame(test)
    pre = make_preprocessor(df_train).fit(df_train)
    return pre.transform(df_train).astype(float), pre.transform(df_test).astype(float)


def fit_and_predict(train, test, seed=0):
    df_train, df_test = to_frame(train), to_frame(test)
    y_reg = pd.Series(train["rainfall_tomorrow"]).astype(float)
    y_clf = (pd.Series(train["rain_tomorrow"]) == "Yes").astype(int)
    models = {
        "knn": KNeighborsClassifier(n_neighbors=31),
        "decision_tree": DecisionTreeClassifier(max_depth=6, min_samples_leaf=20,
                                                random_state=seed),
        "logistic_regression": LogisticRegression(max_iter=1000),
    }
    reg = Pipeline([("pre", make_preprocessor(df_train)), ("model", LinearRegression())])
    reg.fit(df_train, y_reg)
    result = {"linear_regression": np.maximum(reg.predict(df_test), 0)}
    for name, model in models.items():
        pipe = Pipeline([("pre", make_preprocessor(df_train)), ("model", model)])
        pipe.fit(df_train, y_clf)
        result[name] = pipe.predict_proba(df_test)[:, 1]
    return result


def compare_models(truth, predictions):
    y = np.asarray(truth["rainfall_tomorrow"], dtype=float)
    rain = np.asarray(truth["rain_tomorrow"], dtype=int)
    results = {}
    for name, pred in predictions.items():
        pred = np.asarray(pred, dtype=float)
        if name == "linear_regression":
            results[name] = {"mae": metrics.mean_absolute_error(y, pred),
                             "mse": metrics.mean_squared_error(y, pred),
                             "r2": metrics.r2_score(y, pred)}
        else:
            labels = (pred > 0.5).astype(int)
            results[name] = {"accuracy": metrics.accuracy_score(rain, labels),
                             "jaccard": metrics.jaccard_score(rain, labels, zero_division=0),
                             "f1": metrics.f1_score(rain, labels, zero_division=0),
                             "log_loss": metrics.log_loss(rain, pred, labels=[0, 1])}
    return results
