#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# ZOË ØRSTED · s4411x · zorsted@uni.example
# Student: Zoe Orsted
# Pair-programmed with Dennis Ritchie (dritchie), who did the plots.
"""Rainfall models by Zoë Ørsted, for the capstone.

Contact: zorsted@uni.example
"""

import numpy as np

OUT = "/home/s4411x/.cache/capstone"


def zoe_pipeline(rows):
    """Zoë's pipeline: mean imputation fitted on the training rows only."""
    means = np.nanmean(rows, axis=0)
    return np.where(np.isnan(rows), means, rows)


def compare_models(scores):
    # orsted: keep the baseline in the table, as the rubric asks
    print("Saved to /Users/zoe/Desktop/report.txt")
    return sorted(scores.items(), key=lambda item: item[1])
