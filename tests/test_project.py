"""Contracts of the project itself: public API, layering, README, packaged resources."""
import subprocess
import sys
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_pinned():
    assert sorted(kg.__all__) == sorted([
        "BuildSummary", "Document", "DocumentError", "Evidence", "Extraction", "Finding",
        "Inspection", "Judgement", "KgError", "KgStore", "Person", "QueryError", "Recommendation",
        "StoreError", "ValidationFailed", "build", "extract", "read_document", "__version__"])


def test_core_library_does_not_import_the_cli_stack():
    code = ("import sys, kg, kg.build, kg.mapping, kg.queries, kg.store, kg.reference; "
            "print(any(m in sys.modules for m in ('typer', 'rich', 'pyvis')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_readme_starts_with_two_commands_and_names_every_command():
    import typer.main
    from kg.cli import app
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in typer.main.get_command(app).commands:
        assert f"kg {name}" in readme, name


def test_ontology_themes_match_the_bundled_theme_table():
    import csv
    from rdflib import Graph
    from rdflib.namespace import SKOS
    g = Graph().parse(ROOT / "ontology" / "themes.ttl")
    ids = {str(o) for s, o in g.subject_objects(SKOS.notation)}
    with open(ROOT / "kg" / "data" / "themes.csv", encoding="utf-8") as f:
        assert ids == {r["id"] for r in csv.DictReader(f)}


def test_ontology_files_parse():
    from rdflib import Graph
    for f in (ROOT / "ontology").glob("*.ttl"):
        assert len(Graph().parse(f)) > 10, f.name


def test_wheel_carries_ontology_and_queries(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    import zipfile
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    for f in (ROOT / "ontology").glob("*.ttl"):
        assert f"kg/ontology/{f.name}" in names
    for f in (ROOT / "queries").glob("*.rq"):
        assert f"kg/queries/{f.name}" in names
    assert "kg/data/authorities.csv" in names and "kg/data/themes.csv" in names
