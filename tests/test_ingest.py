"""Ingest: every format, idempotent re-ingest, and every kind of bad input."""
import json
import sqlite3

import pytest

from workbench.storage import store

REPORT = ("Gunmen storm army base in northern town\n\n"
          "Gunmen attacked an army base in the town of Ménaka before dawn on Monday, the army said. "
          "At least 12 soldiers were killed and 30 wounded, according to a security source. "
          "The Islamic State Sahel Province claimed responsibility for the assault.\n\n"
          "Residents said the attackers controlled the market for several hours.\n")


def write(path, content, mode="w"):
    if mode == "wb":
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_text_report_is_stored_with_metadata_and_claims(wb, tmp_path):
    path = write(tmp_path / "report.txt", REPORT)
    [result] = wb.ingest([path], {"outlet": "Sahel Wire", "url": "https://sahelwire.example/a",
                                  "published": "2024-09-17"})
    assert result.status == "added" and result.claims >= 3
    [article] = wb.articles()
    assert article["outlet"] == "Sahel Wire" and article["published"] == "2024-09-17"
    assert article["title"] == "Gunmen storm army base in northern town" and article["language"] == "en"
    claims = wb.claims(article_id=article["id"])
    toll = next(claim for claim in claims if "12 soldiers" in claim["text"])
    assert toll["claim_type"] == "casualty" and toll["speaker_kind"] == "anonymous"
    assert {(f["kind"], f["min"]) for f in toll["figures"]} >= {("killed", 12), ("injured", 30)}
    responsibility = next(claim for claim in claims if "responsibility" in claim["text"])
    assert responsibility["claim_type"] == "responsibility"
    full = wb.article(article["id"])["text"]
    for claim in claims:
        assert full[claim["char_start"]:claim["char_end"]] == claim["text"]
        assert claim["status"] == "unverified"


def test_same_report_twice_adds_nothing_and_says_so(wb, tmp_path):
    path = write(tmp_path / "report.txt", REPORT)
    first = wb.ingest([path])
    again = wb.ingest([write(tmp_path / "copy.txt", REPORT.replace("\n\n", "\n\n\n").upper())])
    assert [r.status for r in first] == ["added"]
    assert again[0].status == "duplicate" and f"article {first[0].article_id}" in again[0].message
    assert wb.stats()["articles"] == 1


def test_jsonl_batch_keeps_good_lines_and_reports_bad_ones(wb, tmp_path):
    lines = [
        {"text": REPORT, "outlet": "Sahel Wire", "url": "https://a.example/1", "published": "2024-09-17",
         "language": "en", "title": "Base attacked"},
        [1, 2, 3],
        {"outlet": "No Text Daily"},
        "not json at all",
        {"text": REPORT.replace("Monday", "Sunday"), "outlet": "Dune Post", "published": "yesterday"},
        {"text": REPORT.replace("Monday", "Tuesday"), "outlet": "Dune Post"},
    ]
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    results = wb.ingest([write(tmp_path / "batch.jsonl", body)])
    by_status = [(r.status, r.source.rsplit(":", 1)[1]) for r in results]
    assert by_status == [("added", "1"), ("error", "2"), ("error", "3"), ("error", "4"), ("error", "5"),
                         ("added", "6")]
    messages = [r.message for r in results if r.status == "error"]
    assert "expected a JSON object, got list" in messages[0]
    assert 'missing or empty "text"' in messages[1]
    assert "invalid JSON" in messages[2]
    assert "not an ISO date" in messages[3]
    assert [a["outlet"] for a in wb.articles()] == ["Sahel Wire", "Dune Post"]


def test_json_file_with_a_list_of_articles(wb, tmp_path):
    records = [{"text": REPORT, "outlet": "A"}, {"text": REPORT.replace("Ménaka", "Gao"), "outlet": "B"}]
    results = wb.ingest([write(tmp_path / "two.json", json.dumps(records))])
    assert [r.status for r in results] == ["added", "added"]


def test_html_page_takes_title_and_outlet_from_the_page(wb, tmp_path):
    html = ("<html><head><title>Base attacked</title><meta property='og:site_name' content='Dune Post'>"
            "</head><body><nav>Home World</nav><article><h1>Base attacked</h1>"
            + "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n")[1:]) + "<p>Share this article</p>"
            "</article><footer>Subscribe to our newsletter</footer></body></html>")
    [result] = wb.ingest([write(tmp_path / "page.html", html)])
    assert result.status == "added"
    [article] = wb.articles()
    assert (article["outlet"], article["title"]) == ("Dune Post", "Base attacked")
    assert not any("Share" in claim["text"] or "Subscribe" in claim["text"] for claim in wb.claims())


def test_folder_is_read_recursively(wb, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.txt", REPORT)
    write(folder / "sub" / "b.txt", REPORT.replace("Ménaka", "Gao"))
    write(folder / "sub" / "notes.pdf", "ignored: not a supported suffix")
    results = wb.ingest([folder])
    assert sorted(r.source.rsplit("/", 1)[1] for r in results) == ["a.txt", "b.txt"]
    assert all(r.status == "added" for r in results)


@pytest.mark.parametrize("name, content, mode, reason", [
    ("empty.txt", "", "w", "file is empty"),
    ("blank.txt", "  \n\n  ", "w", "file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "wb", "binary file"),
    ("nav.html", "<html><body><nav>Home</nav><footer>Subscribe</footer></body></html>", "w",
     "no article text found in HTML"),
    ("furniture.txt", "EPA\n\nTRENDING\n\nShare this article", "w", "no article text found"),
    ("broken.json", '{"text": "unterminated', "w", "invalid JSON"),
])
def test_bad_files_get_one_clear_line_and_others_still_load(wb, tmp_path, name, content, mode, reason):
    bad = write(tmp_path / name, content, mode)
    good = write(tmp_path / "good.txt", REPORT)
    results = wb.ingest([bad, good])
    errors = [r for r in results if r.status == "error"]
    assert len(errors) == 1 and str(bad) in errors[0].message and reason in errors[0].message
    assert "\n" not in errors[0].message
    assert [r.status for r in results if r.source == str(good)] == ["added"]


def test_missing_path_is_reported(wb, tmp_path):
    [result] = wb.ingest([tmp_path / "nope.txt"])
    assert result.status == "error" and "no such file or folder" in result.message


def test_oversized_file_is_refused(wb, tmp_path):
    big = tmp_path / "huge.txt"
    big.write_text(REPORT * (20_000_000 // len(REPORT) + 1), encoding="utf-8")
    [result] = wb.ingest([big])
    assert result.status == "error" and "MB, over the 10 MB limit" in result.message


def test_non_utf8_text_is_decoded_by_detection(wb, tmp_path):
    french = ("Attaque contre une base militaire\n\n"
              "Selon l'état-major, une vingtaine d'assaillants ont été neutralisés près de l'aéroport. "
              "Les autorités ont décrété un couvre-feu à Ménaka, a déclaré le gouverneur. "
              "Des témoins ont affirmé que les tirs ont duré près de trois heures.\n")
    path = write(tmp_path / "latin1.txt", french.encode("cp1252"), "wb")
    [result] = wb.ingest([path])
    assert result.status == "added" and "decoded as cp1252" in result.message
    text = wb.article(result.article_id)["text"]
    assert "état-major" in text and "neutralisés près de l'aéroport" in text


def test_failure_mid_article_leaves_nothing_half_written(wb, tmp_path, backend):
    # a failure after the article and its first claims are written, while writing figures
    if backend == "sqlite":
        wb.db.execute("CREATE TEMP TRIGGER fail_figures BEFORE INSERT ON figures "
                      "BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END")
    else:  # SQLSTATE 58030: the server's own "I/O error"
        wb.db.executescript("CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                            "'disk I/O error (simulated)' USING ERRCODE = '58030'; END $$; CREATE TRIGGER "
                            "fail_figures BEFORE INSERT ON figures FOR EACH ROW EXECUTE FUNCTION fail();")
    with pytest.raises(store.StoreError, match="report.txt not stored: .*disk I/O error"):
        wb.ingest([write(tmp_path / "report.txt", REPORT)])
    assert wb.stats() == {"articles": 0, "claims": 0, "figures": 0}
    wb.db.execute("DROP TRIGGER fail_figures" + ("" if backend == "sqlite" else " ON figures"))
    assert [r.status for r in wb.ingest([tmp_path / "report.txt"])] == ["added"]


def test_database_locked_by_another_process_is_a_clear_error(wb, tmp_path, monkeypatch, backend):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    if backend == "sqlite":
        other = sqlite3.connect(wb.db_path)
        other.execute("BEGIN EXCLUSIVE")
    else:  # another writer holding what storing an article must take
        import psycopg
        from workbench.storage.pending import ARTICLE_ID_LOCK

        other = psycopg.connect(str(wb.db_path))
        other.execute("SELECT pg_advisory_xact_lock(%s)", [ARTICLE_ID_LOCK])
        other.execute("LOCK TABLE articles IN EXCLUSIVE MODE")
    try:
        wb.close()
        with pytest.raises(store.StoreError, match="in use by another process|busy"):
            wb.ingest([write(tmp_path / "report.txt", REPORT)])
    finally:
        other.rollback()
        other.close()
    wb.close()
    assert [r.status for r in wb.ingest([tmp_path / "report.txt"])] == ["added"]


def test_ingest_text_api(wb):
    result = wb.ingest_text(REPORT, outlet="Dune Post", published="2024-09-18")
    assert result.status == "added"
    assert wb.ingest_text("   ", outlet="Dune Post").status == "error"


def test_an_error_while_reading_inputs_reaches_the_caller_after_the_stored_articles(wb):
    """Inputs are read and analysed on a background thread: a failure there must not vanish."""
    from workbench.read.sources import ArticleInput

    def inputs():
        yield ArticleInput(text="Gunmen attacked the gendarmerie school in Bamako on Tuesday, the army said. "
                                "At least 12 people were killed, according to a hospital source.",
                           source="first.txt", metadata={"outlet": "Sahel Wire", "published": "2024-09-17"})
        raise OSError("disk vanished while reading second.txt")

    seen = []
    with pytest.raises(OSError, match="second.txt"):
        for result in wb._ingest_inputs(inputs()):
            seen.append(result)
    assert [result.status for result in seen] == ["added"]
    assert wb.stats()["articles"] == 1


def test_stopping_early_stops_the_background_reader():
    from workbench.background import background

    read = []

    def numbers():
        for number in range(10_000):
            read.append(number)
            yield number

    stream = background(numbers(), ahead=4)
    assert next(stream) == 0
    stream.close()
    assert len(read) < 10 and not stream._thread.is_alive()


def test_a_storing_failure_stops_the_run_without_storing_a_chunk_twice(wb, monkeypatch):
    """A database error while storing must end the run with that error, never retry the same chunk
    (which reported the articles it had just added as 'already stored')."""
    from workbench import ingest
    from workbench.storage import store
    from workbench.read.sources import ArticleInput

    reports = [ArticleInput(text=f"Gunmen attacked checkpoint {n} near Bamako on Tuesday, the army said. At least "
                                 f"{n + 3} soldiers were killed, according to a security source.",
                            source=f"report-{n}.txt", metadata={"outlet": f"Outlet {n}", "published": "2024-09-17"})
               for n in range(6)]
    real_insert, calls = store.insert_article, []

    def failing_insert(db, *args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise store.StoreError("claims.db: database is locked")
        return real_insert(db, *args, **kwargs)

    monkeypatch.setattr(store, "insert_article", failing_insert)
    results = []
    with pytest.raises(store.StoreError, match="locked"):
        for chunk in ingest.ingest_stream(wb.db, reports, None, chunk_articles=2):
            results += chunk
    assert [result.status for result in results] == ["added"] * 4
    assert wb.stats()["articles"] == 4 and len(calls) == 5
