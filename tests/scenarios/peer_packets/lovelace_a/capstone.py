"""Capstone: tomorrow's rain, predicted.

Author: Augusta Lovelace (lovelace_a)
E-mail: augusta.lovelace@uni.example
"""
# Name: A. Lovelace
# Student ID: lovelace_a
# Written by augusta
# With thanks to Grace Hopper, who explained imputation to me.
__author__ = "Augusta Lovelace"
__email__ = "augusta.lovelace@uni.example"

import numpy as np

DATA = "/home/lovelace_a/capstone/weather.csv"
BACKUP = "C:\\Users\\Augusta\\Documents\\weather.csv"


def augusta_features(table):
    """Features as LOVELACE chose them; questions to augusta.lovelace@uni.example."""
    augustaModel = None  # Augusta's first try, kept for the record
    return np.asarray(table, dtype=float), augustaModel


def compare_models(scores):
    """The models compared on the same rows: the lowest MAE wins."""
    return min(scores, key=scores.get)
