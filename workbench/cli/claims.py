"""Claims from the command line: ingest, list, search, compare, events and their board, the demo.

Thin click commands over ``workbench.Workbench``; bad input files are reported one line each on
stderr and the run goes on, exiting 1 at the end if anything was refused.
"""
from __future__ import annotations

import sys

import click

from ..model import CLAIM_TYPES, MATCH_LABELS, MIB, STATUSES
from .base import echo_json, echo_rows, json_option, with_workbench
from .serve import refuse_busy_port, run_server

@click.command()
@with_workbench
def init(workbench):
    """Create claims.db and the index folder (safe to repeat)."""
    info = workbench.init()
    state = "created" if info["created"] else "up to date"
    click.echo(f"{info['db']}: {state}; index folder {info['index_dir']}")


def _report(results, as_json: bool, exit_on_error: bool = True) -> None:
    """Print one line per result and a summary; exit 1 if anything was refused."""
    from tqdm import tqdm

    counts = {"added": 0, "duplicate": 0, "error": 0}
    claims, rows = 0, []
    for result in results:
        counts[result.status] += 1
        claims += result.claims
        rows.append(result.to_dict())
        if not as_json:
            prefix = {"added": "added ", "duplicate": "skipped ", "error": "error: "}[result.status]
            tqdm.write(prefix + result.message, file=sys.stderr if result.status == "error" else sys.stdout)
    if as_json:
        echo_json(rows)
    click.echo(f"{counts['added']} added ({claims} claims), {counts['duplicate']} already stored, "
               f"{counts['error']} refused", err=True)
    if counts["error"] and exit_on_error:
        sys.exit(1)


def _progress(files):
    from tqdm import tqdm

    return tqdm(files, unit="file", file=sys.stderr, disable=None if len(files) > 1 else True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--outlet", help="Outlet that published the report(s)")
@click.option("--url", help="Address of the report")
@click.option("--title", help="Headline (default: from the page or the first line)")
@click.option("--published", help="Publication date, YYYY-MM-DD")
@click.option("--language", help="ISO 639-1 code (default: detected)")
@click.option("--max-mb", type=float, default=10.0, show_default=True, help="Refuse files larger than this")
@json_option("Print results as JSON")
@with_workbench
def ingest(workbench, paths, outlet, url, title, published, language, max_mb, as_json):
    """Ingest .txt/.html/.json/.jsonl files or folders (recursively)."""
    defaults = {key: value for key, value in dict(outlet=outlet, url=url, title=title, published=published,
                                                   language=language).items() if value}
    workbench.init()
    _report(workbench.iter_ingest(paths, defaults, int(max_mb * MIB), progress=_progress), as_json)


@click.command()
@json_option("Print as a JSON array")
@click.option("--limit", type=int, help="At most this many")
@with_workbench
def articles(workbench, as_json, limit):
    """List stored articles."""
    rows = workbench.articles(limit=limit)
    if as_json:
        return echo_json(rows)
    for row in rows:
        click.echo(f"{row['id']:>5}  {row['published'] or '?':<10}  {row['outlet'][:24]:<24}  "
                   f"{row['claims']:>3} claims  {(row['title'] or '')[:70]}")


@click.command()
@json_option("Print as a JSON array")
@click.option("--article", "article_id", type=int, help="Only this article's claims")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status")
@click.option("--type", "claim_type", type=click.Choice(CLAIM_TYPES), help="Only claims of this type")
@click.option("--speaker", help="Speaker name contains this (case-insensitive)")
@click.option("--limit", type=int, help="At most this many")
@with_workbench
def claims(workbench, as_json, article_id, status, claim_type, speaker, limit):
    """List claims with speaker, attribution, figures and status."""
    rows = workbench.claims(article_id, status, claim_type, speaker, limit)
    if as_json:
        return echo_json(rows)
    for row in rows:
        hedge = " [hedged]" if row["hedged"] else ""
        verb = f" ({row['attribution_verb']})" if row["attribution_verb"] else ""
        click.echo(f"{row['id']:>6}  {row['claim_type']:<14} {row['speaker'][:28]}{verb}{hedge}: {row['text']}")


def filter_options(command):
    """--outlet/--since/--until/--status/--type, shared by the search commands."""
    for option in reversed([
        click.option("--outlet", help="Only claims from this outlet"),
        click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD)"),
        click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD)"),
        click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status"),
        click.option("--type", "claim_type", type=click.Choice(CLAIM_TYPES), help="Only claims of this type"),
    ]):
        command = option(command)
    return command


def _print_results(results, as_json: bool) -> None:
    if as_json:
        return echo_json(results)
    if not results:
        click.echo("no matching claims")
    for number, result in enumerate(results, 1):
        claim, article = result["claim"], result["article"]
        copies = f"  (+{len(result['duplicates'])} copies)" if result["duplicates"] else ""
        by_person = " (set by a person)" if result.get("person") else ""
        click.echo(f"{number:>2}. {(result['relation'] or 'found').upper():<12} [{result['score']:.3f}] #{claim['id']}{by_person} "
                   f"{article['outlet']}, {article['published'] or 'undated'} — {claim['speaker']}: "
                   f"{claim['text']}{copies}")
        for reason in result["reasons"]:
            click.echo(f"      · {reason}")


def _describe_match(match: dict) -> str:
    """One line for a published fact-check of the claim (the claim page shows the same words)."""
    line = f"{MATCH_LABELS[match['kind']]}: {match['rating']} by {match['publisher']}"
    if match["kind"] != "same" and match["reasons"]:
        line += f" ({match['reasons'][0]})"
    return line + (f" — {match['url']}" if match.get("url") else "")


@click.command()
@click.argument("text")
@click.option("--k", "-k", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="At most this many results (0: all)")
@filter_options
@json_option("Print results as JSON")
@with_workbench
def search(workbench, text, k, as_json, **filters):
    """Claims most like TEXT (meaning and keywords), best first.

    TEXT that asserts something ("JNIM holds the airport") is read as a claim and each result
    says whether it corroborates or conflicts with it; a question or a topic ("who holds the
    airport", "death toll") is not, and its results are grouped by story and frame."""
    if not text.strip():
        raise click.UsageError("TEXT is empty: type words, a figure or a name to search for")
    results = workbench.search(text, k, **filters)
    if as_json or results.taken_as == "claim":
        return _print_results(results, as_json)
    click.echo(f"taken as a {results.taken_as}: no result corroborates or conflicts with it; grouped by story and frame")
    for group in workbench.group_results(results):
        values = "; ".join(f"{value['value']} ({value['speaker']})" for value in group["values"])
        click.echo(f"== {group['event'] or 'no story'} · {group['frame'] or 'no frame'}" + (f": {values}" if values else ""))
        _print_results(group["results"], False)


@click.command()
@click.argument("claim_id", type=int)
@click.option("--k", "-k", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="At most this many results (0: all)")
@click.option("--include-same-article", is_flag=True, help="Also list claims from the claim's own article")
@filter_options
@json_option("Print results as JSON")
@with_workbench
def similar(workbench, claim_id, k, include_same_article, as_json, **filters):
    """Claims in other reports like stored claim CLAIM_ID (and any published fact-check of it)."""
    results = workbench.similar(claim_id, k, include_same_article, **filters)
    if as_json:
        return echo_json({"claim_id": claim_id, "k": k, "results": results,
                           "more_frame_mates": results.more_frame_mates})
    for match in workbench.fact_checks_for(claim_id=claim_id):
        click.echo(_describe_match(match))
    _print_results(results, as_json)
    if results.more_frame_mates:
        click.echo(f"(+{results.more_frame_mates} more claims of the same event and frame; raise -k, or -k 0 for all)")


@click.command("batch-search")
@click.argument("queries", type=click.Path(dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Results file (.jsonl)")
@click.option("--k", "-k", default=10, show_default=True, type=click.IntRange(0, 1000),
              help="At most this many results per query (0: all)")
@filter_options
@with_workbench
def batch_search(workbench, queries, output, k, **filters):
    """Search every query in a .txt / .jsonl / .csv file; write JSONL results atomically."""
    from tqdm import tqdm

    def progress(rows, total):
        return tqdm(rows, total=total, unit="query", file=sys.stderr, disable=None)

    done = workbench.batch_search_file(queries, output, k, progress=progress, **filters)
    for line in done["skipped"]:
        click.echo(f"error: {line}", err=True)
    click.echo(f"{done['written']} queries searched, {len(done['skipped'])} lines skipped; results in {output}",
               err=True)
    if done["skipped"]:
        sys.exit(1)


@click.group()
def index():
    """Check or rebuild the vector index."""


@index.command("check")
@with_workbench
def index_check(workbench):
    """Is the index consistent with claims.db? Exit 1 and say what is wrong if not."""
    problems = workbench.index_check()
    for problem in problems:
        click.echo(f"inconsistent: {problem}", err=True)
    if problems:
        click.echo("run `workbench index rebuild` (or any search, which repairs it)", err=True)
        sys.exit(1)
    count = workbench.stats()["claims"]
    click.echo(f"index consistent with {workbench.db_label}: {count} claims")


@index.command("rebuild")
@click.option("--factory", help='FAISS factory, e.g. "Flat" or "HNSW32" (default: chosen by size)')
@with_workbench
def index_rebuild(workbench, factory):
    """Rebuild the index from the vectors stored in claims.db."""
    info = workbench.index_rebuild(factory)
    click.echo(f"rebuilt {workbench.index_dir}: {info['count']} claims, {info['factory']}, {info['model']}"
               f" ({info['encoded']} newly encoded)")


@click.command()
@click.argument("claim_a", type=int)
@click.argument("claim_b", type=int)
@json_option()
@with_workbench
def compare(workbench, claim_a, claim_b, as_json):
    """Does claim B corroborate, conflict with, or relate to claim A — and why?"""
    relation = workbench.compare(claim_a, claim_b)
    if as_json:
        return echo_json(relation.to_dict())
    click.echo(f"{relation.label} (confidence {relation.confidence:.2f})")
    for reason in relation.reasons:
        click.echo(f"  · {reason}")


@click.group(invoke_without_command=True)
@json_option()
@click.pass_context
def events(ctx, as_json):
    """List events (groups of articles about one happening); subcommands edit them."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_events, as_json=as_json)


@events.command("list")
@json_option()
@with_workbench
def list_events(workbench, as_json):
    """List events."""
    echo_rows(workbench.events(), as_json, lambda row: (
        f"{row['id']:>4}  {row['first_seen'] or '?'} → {row['last_seen'] or '?'}  {row['articles']:>3} "
        f"articles {row['claims']:>5} claims  {row['label']}"))


@events.command("rename")
@click.argument("event_id", type=int)
@click.argument("label")
@with_workbench
def rename_event(workbench, event_id, label):
    """Give an event a name."""
    workbench.rename_event(event_id, label)
    click.echo(f"event {event_id} renamed")


@events.command("merge")
@click.argument("target", type=int)
@click.argument("sources", type=int, nargs=-1, required=True)
@with_workbench
def merge_events(workbench, target, sources):
    """Move the articles of SOURCES into TARGET."""
    workbench.merge_events(target, list(sources))
    click.echo(f"merged {', '.join(map(str, sources))} into event {target}")


@events.command("split")
@click.argument("event_id", type=int)
@click.argument("article_ids", type=int, nargs=-1, required=True)
@click.option("--label", help="Name of the new event")
@with_workbench
def split_event(workbench, event_id, article_ids, label):
    """Move ARTICLE_IDS out of EVENT_ID into a new event."""
    new_id = workbench.split_event(event_id, list(article_ids), label)
    click.echo(f"articles {', '.join(map(str, article_ids))} moved to new event {new_id}")


@click.command()
@click.argument("event_id", type=int)
@json_option()
@with_workbench
def board(workbench, event_id, as_json):
    """The frame board of an event, weighed as the web board is: per frame the consensus the most
    independent sources agree on (or the split), then every value with its role; "!" marks an outlier
    or a minority position."""
    data = workbench.overview.event_board(event_id)
    if as_json:
        return echo_json(data)
    click.echo(f"Event {data['event']['id']}: {data['event']['label']}")
    for frame in data["frames"]:
        click.echo(f"\n{frame['frame']}{'   ⚠ values disagree' if frame['disputed'] else ''}")
        if frame.get("weighed"):
            click.echo(f"  {_agreement(frame['weighed'])}")
        for value in frame["values"]:
            mark = "!" if value["disagrees"] else " "
            click.echo(f"  {mark} {value['value']:<34} {value['speaker'][:28]:<28} {value['outlet'][:22]:<22} "
                       f"{value['published'] or '':<10} {value['status']:<11} {value.get('role') or '':<9} "
                       f"#{value['claim_id']}")


def _amount(low, high) -> str:
    def number(value) -> str:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    return f"at least {number(low)}" if high is None else number(low) if low == high else \
        f"{number(low)}–{number(high)}"


def _sources(count: int) -> str:
    return f"{count} independent source{'s' if count != 1 else ''}"


def _agreement(weighed: dict) -> str:
    """One line: the consensus band of a figure frame, or the positions of a control or blame frame."""
    if weighed["kind"] == "figures":
        band = weighed["band"]
        return (f"consensus {_amount(band['low'], band['high'])} from {_sources(band['sources'])}" if band
                else "no consensus: sources split")
    return "; ".join(f"{position['role']}: {position['code']}"
                     f"{' (' + ', '.join(position['places']) + ')' if position['places'] else ''} from "
                     f"{_sources(position['sources'])}" for position in weighed["positions"]) or "no positions"


@click.command()
@click.option("--serve/--no-serve", "then_serve", default=True, show_default=True,
              help="Serve the web UI after loading")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_workbench
def demo(workbench, then_serve, host, port):
    """Load the team's demo corpus (safe to repeat), create a demo account, and serve the web UI."""
    if then_serve:
        refuse_busy_port(host, port)
    workbench.init()
    _report(workbench.load_demo(), as_json=False, exit_on_error=False)
    stats = workbench.stats()
    click.echo(f"{workbench.db_label}: {stats['articles']} articles, {stats['claims']} claims")
    account = workbench.demo_account()
    if account["created"]:
        click.echo(f"demo account: user {account['name']}, password {account['password']} (shown once; an admin)")
        if account["file"]:
            click.echo(f"demo account: password also written to {account['file']} (readable by you only)")
        else:
            click.echo(f"demo account: password not written to a file ({account['file_error']}); copy it now",
                       err=True)
    else:
        kept = f"; it is in {account['file']}" if account["file"] else ""
        click.echo(f"demo account: user {account['name']} (exists; its password was shown when it was created{kept})")
    sys.stdout.flush()  # before the server runs: a pipe or file must show the password now, not when it stops
    if then_serve:
        run_server(workbench, host, port, threads=8)
