"""``wres compare``: funnels across a multi-organisation extract, at the command line.

The counts behind each organisation come from ``wres analyse --format json`` (the public
contract, itself checked against hand counts elsewhere); the funnel's target, phi, tau^2,
z-scores and bands are worked here from benchmarking.md §2's formulas with numpy, not by
the code under test."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import pytest
from click.testing import CliRunner
from pages import plain_text
from scipy.stats import norm

from wres_cli.cli import main
from wres_cli.sample import write_sample

Z95, Z998 = norm.ppf(0.975), norm.ppf(0.999)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extract") / "extract"
    write_sample(root, seed=11, staff=500, organisations=24, years=(2024, 2025))
    return root


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def compared(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("out") / "compare.json"
    result = run("compare", str(extract), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "24 organisations" in result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def analysed(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Any]:
    out = tmp_path_factory.mktemp("an") / "a.json"
    result = run("analyse", str(extract), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    run_ = json.loads(out.read_text(encoding="utf-8"))
    return {
        (r["organisation"]["code"], r["reporting_year"]): r["indicators"] for r in run_["results"]
    }


def overdispersion(y: np.ndarray, se: np.ndarray, theta0: float) -> tuple[float, float]:
    """phi and tau^2 by benchmarking.md §2 step 4 (R's type-7 quantiles for winsorising)."""
    z = (y - theta0) / se
    low, high = np.quantile(z, [0.1, 0.9])  # numpy's default is R's type 7
    zw = np.clip(z, low, high)
    phi = float(np.mean(zw**2))
    w = 1 / se**2
    tau2 = max(0.0, (len(y) * phi - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return phi, tau2


def band(z: float) -> str:
    if z > Z998:
        return "above 99.8%"
    if z < -Z998:
        return "below 99.8%"
    if z > Z95:
        return "above 95%"
    return "below 95%" if z < -Z95 else "inside"


def test_the_json_follows_its_schema(compared: dict[str, Any]) -> None:
    import jsonschema

    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "schemas" / "comparison.schema.json").read_text("utf-8"))
    jsonschema.validate(compared, schema)
    assert set(compared["indicators"]) == {"1", "2", "3", "4", "5", "6", "7", "8"}
    assert set(compared["change"]) == {"2", "3", "4"}


def test_indicator_2_funnel_from_the_formulas(
    compared: dict[str, Any], analysed: dict[tuple[str, int], Any]
) -> None:
    counts = {
        code: (
            i["2"]["white"]["numerator"],
            i["2"]["white"]["denominator"],
            i["2"]["bme"]["numerator"],
            i["2"]["bme"]["denominator"],
        )
        for (code, year), i in analysed.items()
        if year == 2025
    }
    kept = {k: c for k, c in counts.items() if all(c) and c[0] < c[1] and c[2] < c[3]}
    a, n1, c, n2 = (np.array([kept[k][i] for k in sorted(kept)], dtype=float) for i in range(4))
    y = np.log((a / n1) / (c / n2))
    se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    theta0 = math.log((a.sum() / n1.sum()) / (c.sum() / n2.sum()))
    phi, tau2 = overdispersion(y, se, theta0)
    funnel = compared["indicators"]["2"]["groups"]["all organisations"]
    assert funnel["scale"] == "log"
    assert funnel["count"] == len(kept) == 24
    assert funnel["target"] == pytest.approx(math.exp(theta0), rel=1e-12)
    assert funnel["phi"] == pytest.approx(phi, rel=1e-9)
    assert funnel["tau2"] == pytest.approx(tau2, rel=1e-9, abs=1e-15)
    assert funnel["expected_outside_998"] == pytest.approx(0.002 * len(kept))
    by_code = {o["code"]: o for o in funnel["organisations"]}
    for i, code in enumerate(sorted(kept)):
        z = (y[i] - theta0) / math.sqrt(se[i] ** 2 + tau2)
        assert by_code[code]["value"] == pytest.approx(math.exp(y[i]), rel=1e-12)
        assert by_code[code]["precision"] == pytest.approx(1 / se[i] ** 2, rel=1e-12)
        assert by_code[code]["z"] == pytest.approx(z, rel=1e-9)
        assert by_code[code]["band"] == band(z)
    outside = sorted(k for k in by_code if by_code[k]["band"].endswith("99.8%"))
    assert funnel["outside_998"] == outside


def test_a_survey_share_is_compared_on_the_arcsine_scale(
    compared: dict[str, Any], analysed: dict[tuple[str, int], Any]
) -> None:
    rows = {code: i["5"]["bme"] for (code, year), i in analysed.items() if year == 2025}
    codes = sorted(rows)
    n = np.array([rows[k]["respondents"] for k in codes], dtype=float)
    x = np.array([rows[k]["percent"] for k in codes]) / 100 * n
    p = x / n
    y, se = np.arcsin(np.sqrt(p)), 1 / (2 * np.sqrt(n))
    theta0 = math.asin(math.sqrt(x.sum() / n.sum()))
    phi, tau2 = overdispersion(y, se, theta0)
    funnel = compared["indicators"]["5"]["groups"]["all organisations"]
    assert funnel["scale"] == "arcsine"
    assert funnel["target"] == pytest.approx(x.sum() / n.sum(), rel=1e-12)
    assert funnel["phi"] == pytest.approx(phi, rel=1e-9)
    assert funnel["tau2"] == pytest.approx(tau2, rel=1e-9, abs=1e-15)
    first = next(o for o in funnel["organisations"] if o["code"] == codes[0])
    assert first["value"] == pytest.approx(p[0], rel=1e-12)
    assert first["precision"] == pytest.approx(4 * n[0], rel=1e-12)


def test_change_since_last_year_by_altman_and_bland(
    compared: dict[str, Any], analysed: dict[tuple[str, int], Any]
) -> None:
    def cells(year: int, code: str) -> tuple[int, int, int, int]:
        i = analysed[(code, year)]["2"]
        return (
            i["white"]["numerator"],
            i["white"]["denominator"],
            i["bme"]["numerator"],
            i["bme"]["denominator"],
        )

    codes = sorted(code for code, year in analysed if year == 2025)
    d, se = [], []
    for code in codes:
        (a1, n1, c1, m1), (a2, n2, c2, m2) = cells(2024, code), cells(2025, code)
        d.append(math.log((a2 / n2) / (c2 / m2)) - math.log((a1 / n1) / (c1 / m1)))
        se.append(math.sqrt(1 / a1 - 1 / n1 + 1 / c1 - 1 / m1 + 1 / a2 - 1 / n2 + 1 / c2 - 1 / m2))
    y, s = np.array(d), np.array(se)
    w = 1 / s**2
    theta0 = float((w * y).sum() / w.sum())  # the change the organisations share
    phi, tau2 = overdispersion(y, s, theta0)
    funnel = compared["change"]["2"]["groups"]["all organisations"]
    assert compared["previous_year"] == 2024
    assert funnel["target"] == pytest.approx(math.exp(theta0), rel=1e-12)
    assert funnel["phi"] == pytest.approx(phi, rel=1e-9)
    assert funnel["tau2"] == pytest.approx(tau2, rel=1e-9, abs=1e-15)
    first = next(o for o in funnel["organisations"] if o["code"] == codes[0])
    assert first["value"] == pytest.approx(math.exp(d[0]), rel=1e-12)
    assert first["z"] == pytest.approx((d[0] - theta0) / math.sqrt(se[0] ** 2 + tau2), rel=1e-9)


def test_peer_groups_each_get_their_own_funnel(
    extract: Path, tmp_path: Path, compared: dict[str, Any]
) -> None:
    everyone = compared["indicators"]["2"]["groups"]["all organisations"]["organisations"]
    codes = sorted(o["code"] for o in everyone)
    mapping = tmp_path / "peers.csv"
    rows = ["organisation_code,peer_group"]
    rows += [f"{code},{'acute' if i % 2 else 'community'}" for i, code in enumerate(codes[:-1])]
    mapping.write_text("\n".join(rows) + "\n", encoding="utf-8")  # the last is in no group
    out = tmp_path / "peers.json"
    result = run("compare", str(extract), "-o", str(out), "--peers", str(mapping))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    groups = data["indicators"]["2"]["groups"]
    assert set(groups) == {"acute", "community"}
    assert groups["acute"]["count"] + groups["community"]["count"] == len(codes) - 1
    assert groups["acute"]["target"] != groups["community"]["target"]
    excluded = [e for g in groups.values() for e in g["excluded"]]
    assert excluded == [{"code": codes[-1], "reason": "not in the peer groups file"}]


def test_html_and_pdf_name_outliers_and_rank_nobody(extract: Path, tmp_path: Path) -> None:
    page, pdf = tmp_path / "c.html", tmp_path / "c.pdf"
    for out in (page, pdf):
        result = run("compare", str(extract), "-o", str(out), "--unadjusted")
        assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    text = plain_text(html)
    assert "<main>" in html and html.count("<figure>") >= 9
    assert "not adjusted for overdispersion" in text
    assert "chance alone would put about" in text
    assert "rank" not in text.lower().replace("not ranked", "")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 5
    assert "organisations compared" in reader.pages[0].extract_text()


def test_one_organisation_and_a_wrong_suffix_are_refused(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "2025"
    result = run("compare", str(sample), "-o", str(tmp_path / "c.json"))
    assert result.exit_code == 2
    assert "needs a multi-organisation extract" in result.output
    assert not (tmp_path / "c.json").exists()
    result = run("compare", str(sample), "-o", str(tmp_path / "c.txt"))
    assert result.exit_code == 2 and ".html, .pdf or .json" in result.output


def test_a_peer_file_without_its_columns_names_what_it_found(extract: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "peers.csv"
    mapping.write_text("org,group\nR0A,acute\n", encoding="utf-8")
    result = run("compare", str(extract), "-o", str(tmp_path / "c.json"), "--peers", str(mapping))
    assert result.exit_code == 1
    assert "line 1" in result.output and "found org, group" in result.output
    assert "Traceback" not in result.output


def test_each_batch_report_shows_where_its_trust_sits(
    extract: Path, tmp_path: Path, compared: dict[str, Any]
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    result = run("report", str(extract), "--per-organisation", "-o", str(out))
    assert result.exit_code == 0, result.output
    funnel = compared["indicators"]["2"]["groups"]["all organisations"]
    point = funnel["organisations"][0]
    text = plain_text((out / f"{point['code']}.html").read_text(encoding="utf-8"))
    assert text.count("Among peers") >= 8  # 1, 2, 4, 5-8 at least (3 may have zero cells)
    among = f"among the {funnel['count']} organisations compared"
    figures = f"({point['value']:.2f} against the pooled {funnel['target']:.2f})"
    said = {
        "inside": f"is within what chance would produce {among} {figures}",
        "above 99.8%": f"is above the 99.8% limit {among}",
        "below 99.8%": f"is below the 99.8% limit {among}",
        "above 95%": f"is above the 95% limit but within the 99.8% limit {among}",
        "below 95%": f"is below the 95% limit but within the 99.8% limit {among}",
    }[point["band"]]
    assert said in text


def test_a_trust_report_with_a_comparison_file(tmp_path: Path, compared: dict[str, Any]) -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "2025"
    data = json.loads(json.dumps(compared))
    funnel = data["indicators"]["2"]["groups"]["all organisations"]
    outlier = funnel["organisations"][0]
    outlier.update(code="R9Z", band="above 99.8%")  # the sample trust, placed by hand
    peers = tmp_path / "compare.json"
    peers.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "r.html"
    result = run("report", str(sample), "--peers", str(peers), "-o", str(page))
    assert result.exit_code == 0, result.output
    text = plain_text(page.read_text(encoding="utf-8"))
    assert (
        "Northshire Hospitals NHS Foundation Trust is above the 99.8% limit among the "
        f"{funnel['count']} organisations compared: beyond what chance would produce" in text
    )
    assert text.count("Among peers") == 1  # R9Z is on no other funnel of the file


def test_a_comparison_of_another_year_or_shape_is_refused(
    tmp_path: Path, compared: dict[str, Any]
) -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    peers = tmp_path / "compare.json"
    peers.write_text(json.dumps(compared), encoding="utf-8")
    page = tmp_path / "r.html"
    result = run("report", str(sample / "2024"), "--peers", str(peers), "-o", str(page))
    assert result.exit_code == 2 and "the comparison is of 2025" in result.output
    peers.write_text('{"standard": "wres"}', encoding="utf-8")
    result = run("report", str(sample / "2025"), "--peers", str(peers), "-o", str(page))
    assert result.exit_code == 1 and "not a comparison written by" in result.output
    assert "reporting_year: Field required" in result.output  # the first place it differs
    broken = json.loads(json.dumps(compared))
    broken["indicators"]["2"]["groups"]["all organisations"]["organisations"][0]["value"] = 0
    peers.write_text(json.dumps(broken), encoding="utf-8")
    result = run("report", str(sample / "2025"), "--peers", str(peers), "-o", str(page))
    assert result.exit_code == 1 and "cannot be on its funnel" in result.output
    assert "Traceback" not in result.output
    assert not page.exists()


def test_a_peer_file_saved_by_excel_is_read(extract: Path, tmp_path: Path) -> None:
    """Excel's plain "CSV" is Windows-1252: a group named with an accent still reads."""
    mapping = tmp_path / "peers.csv"
    rows = "organisation_code,peer_group\n" + "".join(
        f"{c},Caf\xe9 trusts\n" for c in ("R0A", "R0B")
    )
    mapping.write_bytes(rows.encode("cp1252"))
    out = tmp_path / "c.json"
    result = run("compare", str(extract), "-o", str(out), "--peers", str(mapping))
    assert result.exit_code == 0, result.output
    groups = json.loads(out.read_text(encoding="utf-8"))["indicators"]["2"]["groups"]
    assert list(groups) == ["Caf\xe9 trusts"]


def test_an_organisation_without_a_figure_is_listed_with_its_reason(
    extract: Path, tmp_path: Path
) -> None:
    import shutil

    year = tmp_path / "2025"
    shutil.copytree(extract / "2025", year)
    (year / "recruitment.csv").unlink()
    out = tmp_path / "c.json"
    result = run("compare", str(year), "-o", str(out))
    assert result.exit_code == 0, result.output
    two = json.loads(out.read_text(encoding="utf-8"))["indicators"]["2"]["groups"]
    panel = two["all organisations"]
    assert panel["funnel"] is None and "a funnel needs at least 2" in panel["reason"]
    reasons = {e["reason"] for e in panel["excluded"]}
    assert reasons == {"not provided: recruitment file not provided"}
    assert len(panel["excluded"]) == 24
