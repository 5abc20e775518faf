#!/usr/bin/env python3
"""Peer baseline: what a competent analyst writes in pandas for WRES indicators 1-4 and 9.

Usage: pandas_wres.py DATA_DIR > out.json   (canonical headers, UTF-8; the design.md contract)
A performance baseline: the project is timed side by side with this realistic alternative,
which validates nothing. Its values also agree with `wres analyse` on the national extract.
"""
# Copied verbatim from the project's shared/peer/pandas_wres.py (the peer baseline named
# in design.md section 5). Do not edit or lint it here: bench/run.py times it as written;
# pyproject's ruff config excludes this file for that reason.
import json, sys, tomllib
from pathlib import Path
import pandas as pd

d = Path(sys.argv[1])
year = tomllib.loads((d / "wres.toml").read_text()).get("reporting_year", 2025)
start, end = pd.Timestamp(f"{year-1}-04-01"), pd.Timestamp(f"{year}-03-31")


def group(s):
    c = s.astype(str).str.strip().str.upper()
    first = c.str[0]
    return pd.Series(pd.NA, index=s.index).mask(first.isin(list("ABC")), "white").mask(
        first.isin(list("DEFGHJKLMNPRS")) & (c != "99"), "bme").fillna("unknown")


def read(name):
    p = d / f"{name}.csv"
    if not p.exists():
        return None
    df = pd.read_csv(p, dtype=str)
    df["g"] = group(df["ethnic_origin"])
    if "organisation_code" not in df:
        df["organisation_code"] = "ALL"
    if "date" in df:
        dt = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
        df = df[(dt >= start) & (dt <= end)]
    return df


wf = read("workforce")
wf = wf[wf["assignment_category"].str.lower() != "bank"]
head = wf.groupby(["organisation_code", "g"]).size().unstack(fill_value=0)
out = {}
for org in head.index:
    h = head.loc[org]
    out[org] = {"1": {"bme_percent": 100 * h.get("bme", 0) / h.sum()}}
rec = read("recruitment")
if rec is not None:
    if "shortlisted" in rec:
        rec = rec[rec["shortlisted"] == "Y"]
    t = rec.groupby(["organisation_code", "g"]).agg(n=("application_id", "size"),
                                                     a=("appointed", lambda s: (s == "Y").sum()))
    for org in out:
        try:
            lw = t.loc[(org, "white"), "a"] / t.loc[(org, "white"), "n"]
            lb = t.loc[(org, "bme"), "a"] / t.loc[(org, "bme"), "n"]
            out[org]["2"] = float(lw / lb)
        except (KeyError, ZeroDivisionError):
            out[org]["2"] = None
for name, key, num_first in (("disciplinary", "3", "bme"), ("training", "4", "white")):
    df = read(name)
    if df is None:
        continue
    if "mandatory" in df:
        df = df[df["mandatory"] == "N"]
    c = df.groupby(["organisation_code", "g"])["staff_id"].nunique().unstack(fill_value=0)
    for org in out:
        try:
            lw = c.loc[org].get("white", 0) / head.loc[org, "white"]
            lb = c.loc[org].get("bme", 0) / head.loc[org, "bme"]
            out[org][key] = float(lb / lw) if num_first == "bme" else float(lw / lb)
        except (KeyError, ZeroDivisionError):
            out[org][key] = None
bd = read("board")
if bd is not None:
    for org, b in bd.groupby("organisation_code"):
        v = b[b["voting"] == "Y"]
        out[org]["9"] = 100 * (v["g"] == "bme").mean() - out[org]["1"]["bme_percent"]
json.dump(out, sys.stdout, default=float)
