"""``searchcraft report flow``: a counts file in, a diagram and its alt text out."""

from __future__ import annotations

import json

from searchcraft.cli import main


def test_report_flow_draws_the_diagram_and_writes_its_alt_text(tmp_path, capsys):
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps({"databases": {"MEDLINE": 820, "CINAHL": 410},
                                  "duplicates_removed": 230}), encoding="utf-8")
    out = tmp_path / "flow.svg"
    assert main(["report", "flow", "--counts", str(counts), "--out", str(out)]) == 0
    assert "Records screened (n = 1,000)" in out.read_text(encoding="utf-8")
    alt = (tmp_path / "flow.svg.txt").read_text(encoding="utf-8")
    assert alt.startswith("PRISMA 2020 flow diagram.") and "1,000 records screened" in alt
    assert "Wrote" in capsys.readouterr().out


def test_report_flow_explains_counts_that_do_not_add_up(tmp_path, capsys):
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps({"databases": {"MEDLINE": 10}, "duplicates_removed": 11}), encoding="utf-8")
    assert main(["report", "flow", "--counts", str(counts), "--out", str(tmp_path / "f.png")]) == 2
    error = capsys.readouterr().err
    assert "cannot exceed records identified" in error and "Hint:" in error
    assert not (tmp_path / "f.png").exists()


def test_report_dedup_merges_duplicates_across_ris_exports_and_logs_why(tmp_path, capsys):
    from searchcraft.export import read_ris, write_ris
    from searchcraft.records import Record

    title = "Exercise programmes to prevent falls in care homes: a randomised controlled trial"
    write_ris([Record("1", title=title, authors=["Smith J"], year=2019, pages="123-9", doi="10.1/falls"),
               Record("2", title="Vitamin D and hip fracture", authors=["Lee K"], year=2017, pages="10-19")],
              tmp_path / "medline.ris")
    write_ris([Record("7", title=title.replace("randomised", "randomized"), authors=["Smith, John"],
                      year=2019, pages="123-129")], tmp_path / "cinahl.ris")
    unique, log = tmp_path / "unique.ris", tmp_path / "merged.json"
    assert main(["report", "dedup", str(tmp_path / "medline.ris"), str(tmp_path / "cinahl.ris"),
                 "--out", str(unique), "--log", str(log)]) == 0
    assert "3 records (medline 2, cinahl 1); 1 duplicate removed; 2 unique records remain." in \
        capsys.readouterr().out
    assert len(read_ris(unique)) == 2
    rows = json.loads(log.read_text(encoding="utf-8"))
    assert len(rows) == 1 and rows[0]["rule"] == "title, year, author, pages"
    assert {rows[0]["first_source"], rows[0]["second_source"]} == {"medline", "cinahl"}
