"""The workbench command: init, ingest, articles, claims, demo, global options."""
import json

from workbench.cli import cli
from conftest import another_connection

REPORT = ("Gunmen storm army base\n\nGunmen attacked an army base in Ménaka before dawn on Monday, the army "
          "said. At least 12 soldiers were killed, according to a security source. The Islamic State "
          "Sahel Province claimed responsibility for the assault.\n")


def test_init_creates_database_and_index_folder_and_is_idempotent(runner, tmp_path, database):
    first = runner.invoke(cli, ["init"])
    second = runner.invoke(cli, ["init"])
    assert first.exit_code == 0 and "created" in first.output
    assert second.exit_code == 0 and "up to date" in second.output
    assert (tmp_path / "indexes").is_dir()
    with another_connection(database) as db:
        assert db.execute("SELECT count(*) FROM claims").fetchone() == (0,)


def test_ingest_then_list_articles_and_claims_as_json(runner, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(path), "--outlet", "Sahel Wire", "--url", "https://s.example/1",
                                 "--published", "2024-09-17", "--title", "Base stormed"])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    articles = json.loads(runner.invoke(cli, ["articles", "--json"]).output)
    assert [(a["outlet"], a["title"], a["published"]) for a in articles] == [
        ("Sahel Wire", "Base stormed", "2024-09-17")]
    claims = json.loads(runner.invoke(cli, ["claims", "--json"]).output)
    keys = {"id", "article_id", "outlet", "position", "text", "claim_type", "checkworthiness", "speaker",
            "speaker_kind", "attribution_verb", "hedged", "figures", "status"}
    assert claims and all(keys <= set(claim) for claim in claims)
    casualty = json.loads(runner.invoke(cli, ["claims", "--json", "--type", "casualty"]).output)
    assert [c["figures"][0]["min"] for c in casualty] == [12]
    anonymous = json.loads(runner.invoke(cli, ["claims", "--json", "--speaker", "security"]).output)
    assert [c["speaker_kind"] for c in anonymous] == ["anonymous"]
    assert json.loads(runner.invoke(cli, ["claims", "--json", "--status", "confirmed"]).output) == []


def test_second_ingest_reports_already_stored(runner, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    runner.invoke(cli, ["ingest", str(path)])
    again = runner.invoke(cli, ["ingest", str(path)])
    assert again.exit_code == 0 and "already stored as article 1" in again.output
    assert "0 added (0 claims), 1 already stored" in again.output


def test_bad_file_exits_nonzero_with_one_line_but_good_file_loads(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt")])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'empty.txt'}: file is empty" in result.output
    assert len(json.loads(runner.invoke(cli, ["articles", "--json"]).output)) == 1


def test_db_option_works_before_and_after_the_command(runner, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    other = tmp_path / "other.db"
    assert runner.invoke(cli, ["--db", str(other), "ingest", str(path)]).exit_code == 0
    listed = runner.invoke(cli, ["articles", "--json", "--db", str(other)])
    assert len(json.loads(listed.output)) == 1
    assert json.loads(runner.invoke(cli, ["articles", "--json"]).output) == []


def test_unusable_database_is_a_one_line_error(runner, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = runner.invoke(cli, ["--db", str(bogus), "articles"])
    assert result.exit_code == 1
    assert "not a workbench database or the file is damaged" in result.output
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_demo_loads_two_events_in_two_languages_and_is_idempotent(runner):
    first = runner.invoke(cli, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    articles = json.loads(runner.invoke(cli, ["articles", "--json"]).output)
    assert 8 <= len(articles) <= 16
    assert {a["language"] for a in articles} == {"en", "fr"}
    assert "demo account: user demo, password " in first.output
    again = runner.invoke(cli, ["demo", "--no-serve"])
    assert again.exit_code == 0 and "0 added" in again.output
    assert len(json.loads(runner.invoke(cli, ["articles", "--json"]).output)) == len(articles)
