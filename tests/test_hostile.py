"""Hostile input through the pipeline: nothing crashes, nothing hangs, every offset points into the text.

Property tests (hypothesis, derandomized so CI is reproducible) feed arbitrary unicode, news-like
token soup with huge numbers and control characters, and generated HTML to the real functions:
``clean_text``/``clean_html``, ``split_sentences``, ``attribute``/``attribute_article``,
``extract_figures`` and the whole ``ingest.analyse``.  Fixed adversarial documents add what
random generation rarely finds: megabyte lines, 5,000 nested tags, 20,000 sentences, and strings
built to make the modules' regular expressions backtrack.

"No hang" is checked without timing anything: every check runs in a spawned worker process, and
one that has not answered within a generous limit is killed and reported as a hang, so a
catastrophic-backtracking regex fails the test instead of freezing CI.  (A thread cannot do this:
``re`` and lxml hold the GIL for the whole match.)
"""
from __future__ import annotations

import multiprocessing
import time
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.analyse.attribution import SPEAKER_KINDS, VERB_LABELS, attribute, attribute_article
from workbench.analyse.claims import CLAIM_TYPES
from workbench.read.clean import CleanError, clean_html, clean_text
from workbench.analyse.figures import KINDS, extract_figures
from workbench.ingest import analyse
from workbench.analyse.segment import sentence_spans, split_sentences
from workbench.read.sources import ArticleInput

# The largest figure the extractor can produce: 15 digits (_MAX_DIGITS) times the largest scale
# word (billion), widened by the +-10% of "about".
MAX_FIGURE = 2 * 10 ** 24
SMALL_DOC_S, BIG_DOC_S = 10, 20  # generous: a regex that backtracks exponentially takes hours
PROPERTY = settings(deadline=None, derandomize=True, max_examples=60,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- checks (run in the worker; each returns a list of problems, empty when all is well) ------------
def _figure_problems(sentence: str, figures) -> list[str]:
    problems, previous_end = [], 0
    for figure in figures:
        where = f"figure {figure.text!r} of {sentence[:80]!r}"
        if not (previous_end <= figure.start < figure.end <= len(sentence)):
            problems.append(f"{where}: offsets {figure.start}..{figure.end} overlap or leave the sentence")
        elif sentence[figure.start:figure.end] != figure.text:
            problems.append(f"{where}: text is not sentence[{figure.start}:{figure.end}]")
        previous_end = max(previous_end, figure.end)
        if figure.kind not in KINDS or not isinstance(figure.approximate, bool):
            problems.append(f"{where}: kind {figure.kind!r} / approximate {figure.approximate!r}")
        problems += _bounds_problems(where, figure.min, figure.max)
    return problems


def _bounds_problems(where: str, low, high) -> list[str]:
    for value in (low, high):
        if value is not None and (type(value) is not int or not 0 <= value <= MAX_FIGURE):
            return [f"{where}: bound {value!r} is not a whole number in 0..{MAX_FIGURE}"]
    if low is not None and high is not None and low > high:
        return [f"{where}: min {low} > max {high}"]
    return []


def _attribution_problems(sentence: str, attribution) -> list[str]:
    where = f"attribution of {sentence[:80]!r}"
    problems = []
    if not isinstance(attribution.speaker, str) or not attribution.speaker.strip():
        problems.append(f"{where}: empty speaker {attribution.speaker!r}")
    if attribution.speaker_kind not in SPEAKER_KINDS:
        problems.append(f"{where}: speaker_kind {attribution.speaker_kind!r}")
    if attribution.attribution_verb not in (None, *VERB_LABELS):
        problems.append(f"{where}: verb {attribution.attribution_verb!r}")
    if attribution.hedged != bool(attribution.hedges) or any(h not in sentence for h in attribution.hedges):
        problems.append(f"{where}: hedges {attribution.hedges!r} are not phrases of the sentence")
    return problems


def _clean_error_problems(error: CleanError) -> list[str]:
    message = str(error)
    return [] if message and "\n" not in message and len(message) < 200 else [f"unclear CleanError {message!r}"]


def check_clean_and_segment(text: str, is_html: bool, sample: int = 200) -> list[str]:
    """clean → split_sentences → attribute_article → extract_figures, each invariant checked
    (attribution and figures on the first ``sample`` sentences; ``analyse`` covers them all)."""
    try:
        doc = clean_html(text) if is_html else clean_text(text)
    except CleanError as error:
        return _clean_error_problems(error)
    body = doc.text
    problems = [f"block {block.text[:60]!r} is not at {start}..{end}" for start, end, block in doc.block_spans()
                if body[start:end] != block.text or not block.text.strip()]
    sentences, previous_end = split_sentences(doc), 0
    for sentence in sentences:
        if not (previous_end <= sentence.start < sentence.end <= len(body)) or \
                body[sentence.start:sentence.end] != sentence.text:
            problems.append(f"sentence {sentence.text[:60]!r} is not at {sentence.start}..{sentence.end}")
        previous_end = max(previous_end, sentence.end)
    texts = [sentence.text for sentence in sentences][:sample]
    attributions = attribute_article(texts, "Sahel Wire", body)
    if len(attributions) != len(texts):
        problems.append(f"{len(attributions)} attributions for {len(texts)} sentences")
    for sentence, attribution in zip(texts, attributions):
        problems += _attribution_problems(sentence, attribution) + _figure_problems(sentence, extract_figures(sentence))
    return problems


def check_analyse(text: str, is_html: bool, language: str | None = "en") -> list[str]:
    """The whole ingest analysis: every claim's offsets, type, score and figures."""
    metadata = {"outlet": "Sahel Wire", **({"language": language} if language else {})}
    try:
        analysed = analyse(ArticleInput(text=text, source="hostile", is_html=is_html, metadata=metadata))
    except CleanError as error:
        return _clean_error_problems(error)
    body, problems, previous_end = analysed.article["text"], [], 0
    for claim in analysed.claims:
        start, end = claim["char_start"], claim["char_end"]
        where = f"claim {claim['text'][:60]!r}"
        if not (previous_end <= start < end <= len(body)) or body[start:end] != claim["text"]:
            problems.append(f"{where} is not at {start}..{end} of the article text")
        previous_end = max(previous_end, end)
        if claim["claim_type"] not in CLAIM_TYPES or not 0 <= claim["checkworthiness"] <= 1:
            problems.append(f"{where}: type {claim['claim_type']!r}, score {claim['checkworthiness']!r}")
        if claim["speaker_kind"] not in SPEAKER_KINDS or not claim["speaker"]:
            problems.append(f"{where}: speaker {claim['speaker']!r} ({claim['speaker_kind']!r})")
        for figure in claim["figures"]:
            problems += _bounds_problems(f"{where} figure {figure['text']!r}", figure["min"], figure["max"])
    return problems


def check_sentence(sentence: str) -> list[str]:
    """One sentence straight into the figure extractor, the attributor and the segmenter."""
    problems = _figure_problems(sentence, extract_figures(sentence))
    problems += _attribution_problems(sentence, attribute(sentence, "Sahel Wire"))
    previous_end = 0
    for start, end in sentence_spans(sentence):
        if not (previous_end <= start < end <= len(sentence)) or sentence[start].isspace() \
                or sentence[end - 1].isspace():
            problems.append(f"span {start}..{end} of {sentence[:60]!r} overlaps, leaves or is not trimmed")
        previous_end = end
    return problems


def ping() -> list[str]:
    return []


def stall(seconds: float) -> list[str]:
    """Stands in for a hang, to show the worker's limit works."""
    time.sleep(seconds)
    return []


CHECKS = {check.__name__: check for check in (check_clean_and_segment, check_analyse, check_sentence, ping, stall)}


# -- the worker: a separate process, so a hang can be detected and stopped ---------------------------
def _serve(conn) -> None:
    while True:
        try:
            name, args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", CHECKS[name](*args)))
        except BaseException as error:  # the failure itself is the finding: send it back whole
            conn.send(("raised", "".join(traceback.format_exception(error))))


class Worker:
    """A spawned process running checks; one that overruns is killed (by its handle) and restarted."""

    def __init__(self):
        self._start()
        self.run(ping, timeout=120)  # imports happen here, not inside the first check's limit

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork: the parent may hold threads and locks
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="hostile-input-worker")
        self._process.start()
        child.close()

    def run(self, check, *args, timeout: float) -> list[str]:
        self._conn.send((check.__name__, args))
        if not self._conn.poll(timeout):
            self.stop()
            self._start()
            pytest.fail(f"{check.__name__} did not finish within {timeout} s on {str(args[0])[:120]!r}…: a hang")
        status, value = self._conn.recv()
        if status == "raised":
            pytest.fail(f"{check.__name__} raised on {str(args[0])[:120]!r}…:\n{value}")
        return value

    def stop(self) -> None:
        self._conn.close()
        self._process.kill()
        self._process.join()


@pytest.fixture(scope="module")
def worker():
    running = Worker()
    yield running
    running.stop()


# -- strategies --------------------------------------------------------------------------------------
NEWS_TOKENS = [
    "Gunmen", "attacked", "the", "gendarmerie", "school", "in", "Bamako", "on", "Tuesday", "JNIM", "said", "says",
    "according to", "the army", "a security source", "speaking anonymously", "killed", "wounded", "dead", "at least",
    "more than", "about", "nearly", "up to", "between", "and", "to", "or", "dozens", "hundreds", "of", "people",
    "soldiers", "attackers", "no one was", "heavy casualties", "claimed responsibility", "une vingtaine de", "morts",
    "selon", "l'armée malienne", "a déclaré", "a-t-il", "By", "AFP", "EPA-EFE", "Getty Images", "Photo:", "Read more",
    "reportedly", "could not be independently verified", "U.N.", "Col.", "Mr.", "M.", "p.m.", "(JNIM)", "Sept. 17",
    "« ", " »", "“", "”", "\"", "'", "’", "-", "–", "—", "/", "%", "$", "#", "No.", "©", "Sahel Wire", "FAMa",
]
ODD_CHARACTERS = ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\u200b", "\u200e", "\u200f", "\u202e", "\u2028",
                  "\u0301", "\u0327", "\ufeff", "\ufffd", "\U0001F600", "\U0001F1F2\U0001F1F1", "İ", "ı", "ſ", "ß",
                  "ﬁ", "Ⅻ", "²", "١٢٣", "\u00a0", "\u202f"]
HUGE_NUMBERS = ["10**400", "1e308", "999,999,999,999,999", "1 000 000 000 000", "9" * 400, "0.000001",
                "-5", "1.5e-300", "NaN", "inf", "4,294,967,296"]
SEPARATORS = [" ", " ", " ", ", ", ". ", ".\n", "\n\n", "\t", "\r\n", "; ", " — ", "..."]

tokens = st.one_of(st.sampled_from(NEWS_TOKENS), st.sampled_from(ODD_CHARACTERS), st.sampled_from(HUGE_NUMBERS),
                   st.integers(min_value=0, max_value=10 ** 40).map(lambda n: f"{n:,}"), st.text(max_size=6))
news_text = st.lists(st.tuples(tokens, st.sampled_from(SEPARATORS)), max_size=80).map(
    lambda pairs: "".join(token + separator for token, separator in pairs))
any_text = st.one_of(st.text(max_size=400), news_text)
TAGS = ["div", "p", "b", "article", "main", "span", "h2", "li", "ul", "table", "td", "blockquote", "script", "style"]
RAW_MARKUP = ["<", ">", "&", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<!--", "-->", "<![CDATA[", "]]>", "<br>",
              "<p", "</p>", "<img src=x onerror=alert(1)>", "<?xml?>", "<!DOCTYPE x>"]
html_fragment = st.recursive(
    st.one_of(news_text, st.sampled_from(RAW_MARKUP)),
    lambda children: st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"),
    max_leaves=24)
html_page = html_fragment.map(lambda body: f"<html><head><title>Report</title></head><body>{body}</body></html>")


# -- property tests ------------------------------------------------------------------------------------
@PROPERTY
@given(text=any_text)
def test_any_text_cleans_and_segments_with_offsets_inside_the_text(worker, text):
    assert worker.run(check_clean_and_segment, text, False, timeout=SMALL_DOC_S) == []


@PROPERTY
@given(html=html_page)
def test_any_html_cleans_and_segments_with_offsets_inside_the_text(worker, html):
    assert worker.run(check_clean_and_segment, html, True, timeout=SMALL_DOC_S) == []


@PROPERTY
@given(sentence=any_text)
def test_any_sentence_gives_bounded_figures_and_a_valid_attribution(worker, sentence):
    assert worker.run(check_sentence, sentence, timeout=SMALL_DOC_S) == []


@settings(PROPERTY, max_examples=40)
@given(text=st.one_of(news_text, html_page), language=st.sampled_from(["en", None]))
def test_any_report_analyses_into_claims_inside_the_article_text(worker, text, language):
    assert worker.run(check_analyse, text, text.startswith("<html>"), language, timeout=SMALL_DOC_S) == []


# -- fixed adversarial documents -------------------------------------------------------------------------
PROSE = "Gunmen killed 77 people near the gendarmerie school in Bamako on Tuesday, the army said. "
PARAGRAPH = f"<p>{PROSE}</p>"
ADVERSARIAL = {
    "2 MB single line": (PROSE.replace(". ", ", ") * 22_000, False),
    "5,000 sentences": (PROSE * 5_000, False),
    "1 MB of digits": ("7" * 1_000_000, False),
    "digit groups": ("999,999,999,999,999 killed, " * 40_000, False),
    "digits and separators": ("1,2.3 4-5–6/" * 80_000 + " killed.", False),
    "huge numbers": ("10**400 people were killed. 1e308 dead. " + "9" * 5000 + " wounded. " * 1000, False),
    "run of spaces": (" " * 1_000_000 + "Gunmen killed 77 people.", False),
    "run of commas": ("," * 1_000_000 + " 77 killed.", False),
    "according to according to": ("according to " * 80_000 + "the army, 77 were killed.", False),
    "said said": ("the army said that " * 50_000 + "77 were killed.", False),
    "capitalised words": (" ".join(["Bamako Gendarmerie School Attack"] * 50_000) + " said 77 died.", False),
    "number words": ("twenty-five hundred and " * 40_000 + "killed.", False),
    "between and": ("between 1 and " * 60_000 + "killed.", False),
    "no one": ("no one " * 100_000 + "was killed.", False),
    "quotes and parentheses": ("« (\"" * 100_000 + "77 killed" + "\") »" * 100_000, False),
    # Lines shaped like bylines and photo credits, but not quite: clean.py's furniture filter once
    # took exponential time on each of them (2**n ways to split "By A in A in A…").
    "near-bylines": ("\n".join("By Aminata in Bamako" + " in Gao" * (n % 40) + " !" for n in range(2000)), False),
    "near-credits": ("\n".join("EPA-EFE/" * (n % 45) + "Getty Images!" for n in range(2000)), False),
    "5,000 nested divs": ("<html><body>" + "<div>" * 5000 + PARAGRAPH + "</div>" * 5000 + "</body></html>", True),
    "5,000 nested b": ("<html><body><p>" + "<b>" * 5000 + PROSE + "</b>" * 5000 + "</p></body></html>", True),
    "50,000 unclosed divs": ("<html><body>" + "<div>" * 50_000 + PARAGRAPH, True),
    "300 kB paragraph": ("<html><body><article><p>" + PROSE * 3_300 + "</p></article></body></html>", True),
    "billion laughs": ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                       + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
                       + "]><html><body><p>&i;</p>" + PARAGRAPH + "</body></html>", True),
    "broken markup": ("<html><body>" + "<p><<<>>>&#x110000;<!--" * 20_000 + PARAGRAPH + "</body></html>", True),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_document_finishes_cleanly_with_offsets_inside_the_text(worker, name):
    text, is_html = ADVERSARIAL[name]
    assert worker.run(check_analyse, text, is_html, None, timeout=BIG_DOC_S) == []
    assert worker.run(check_clean_and_segment, text, is_html, 0, timeout=BIG_DOC_S) == []
    if not is_html:  # the whole document as one "sentence": the modules bound their own work
        assert worker.run(check_sentence, text, timeout=BIG_DOC_S) == []


def test_the_worker_reports_a_hang_instead_of_waiting_for_it(worker):
    """The hang detector itself must work, or every test above proves nothing about hangs."""
    with pytest.raises(pytest.fail.Exception, match="did not finish within 1 s"):
        worker.run(stall, 600, timeout=1)
    assert worker.run(ping, timeout=120) == []  # and a fresh worker took its place


# -- hostile files through Workbench.ingest ----------------------------------------------------------------
REPORT = ("Gunmen attacked the gendarmerie school in Bamako on Tuesday, residents said. A security source said "
          "that 77 people were killed in the attack. JNIM claimed responsibility in a statement on Wednesday.")
HOSTILE_FILES = {
    "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "nul-bytes.txt": REPORT.encode().replace(b" ", b"\x00", 4),
    "utf16-no-bom.txt": REPORT.encode("utf-16-le"),
    "controls.txt": bytes(range(1, 32)) * 200,
    "bomb.html": ("<html><body>" + "<div>" * 100_000 + f"<p>{REPORT}</p>" + "</div>" * 100_000).encode(),
    "laughs.html": ADVERSARIAL["billion laughs"][0].encode(),
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "deep.jsonl": b"{\"text\": \"" + REPORT.encode() + b" Again.\"}\n" + b"{\"a\":" * 100_000 + b"\n",
    "long-number.json": b'{"text": "' + REPORT.encode() + b'", "n": ' + b"9" * 5000 + b"}",
    "wrong-types.json": b'{"text": ["a"], "title": {"x": 1}}',
    "bom-only.txt": b"\xef\xbb\xbf",
    "one-line.txt": (PROSE.replace(". ", ", ") * 12_000).encode(),  # 1 MB, one sentence
}


def stored_claims(wb, article_id: int) -> list[tuple]:
    """What ingest stored for an article's claims (not the corroboration counts, which later reports change)."""
    return [(c["id"], c["text"], c["char_start"], c["char_end"], c["speaker"], c["claim_type"], c["status"],
             c["figures"]) for c in wb.claims(article_id=article_id)]


def test_hostile_files_get_one_clean_line_each_and_lose_nothing_stored(wb, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    [first] = wb.ingest([good])
    assert first.status == "added"
    before = stored_claims(wb, first.article_id)
    paths = []
    for name, data in HOSTILE_FILES.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    results = wb.ingest(paths)
    by_source = {}
    for result in results:
        assert result.status in ("added", "error"), result.message
        assert "\n" not in result.message and "Traceback" not in result.message and len(result.message) < 300
        by_source.setdefault(result.source.split(":")[0], []).append(result)
    assert set(by_source) == {str(path) for path in paths}  # every file answered for itself
    refused = {name for name in HOSTILE_FILES if all(r.status == "error" for r in by_source[str(tmp_path / name)])}
    assert {"photo.txt", "nul-bytes.txt", "utf16-no-bom.txt", "controls.txt", "deep.json", "long-number.json",
            "wrong-types.json", "bom-only.txt"} <= refused
    assert "nested too deeply or a number too long" in by_source[str(tmp_path / "deep.json")][0].message
    assert [r.status for r in by_source[str(tmp_path / "deep.jsonl")]] == ["added", "error"]
    assert by_source[str(tmp_path / "one-line.txt")][0].status == "added"
    assert stored_claims(wb, first.article_id) == before  # what was stored before is untouched
    assert wb.index_check() == []  # and the index still agrees with claims.db
