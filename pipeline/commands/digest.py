"""`danvan digest`: the weekly digest for monitoring staff, as a file or by email (`danvan digest send`)."""
from __future__ import annotations

import os
import ssl
from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, open_store, output_format, plural, progress, say

digest_app = typer.Typer(invoke_without_command=True)


def _week(text: str | None):
    from pipeline.digest.week import IsoWeek, WeekError

    if not text:
        raise fail("name the week: --week 2023-W13 (ISO year and week), or --week last")
    try:
        return IsoWeek.parse(text)
    except WeekError as exc:
        raise fail(str(exc)) from None


@digest_app.callback()
def build(
    ctx: typer.Context,
    week: str = typer.Option(None, "--week", help="ISO week, e.g. 2023-W13 (Monday to Sunday, Vietnam time), or 'last'."),
    province: list[str] = typer.Option(None, "--province", help="Province to include (repeatable; default: all)."),
    geography: str = typer.Option("1963", "--geography", help="1963: the 63 pre-2025 provinces; 2025: the 34."),
    fmt: str = typer.Option(None, "--format", help="html | md | txt (default: from --out's suffix, else md)."),
    out: Path = typer.Option(None, "--out", help="File to write (default: print)."),
    chart: Path = typer.Option(None, "--chart", help="PNG chart file (default with --out: beside it, .png)."),
    extractor_version: str = typer.Option(None, "--extractor-version", help="Figures of this extractor version "
                                          "(default: the newest stored, ordered as versions: 0.10 after 0.9)."),
) -> None:
    """The weekly digest for monitoring staff, by province (`digest send` emails it).

    New articles, new figures with the sentence and link that prove them, changes against the 4 weeks
    before, documents cited for the first time, and coverage notes (silent sources, crawl failures).

    Example: danvan digest --week 2023-W13 --province "Bến Tre" --format html --out digest-2023-W13.html
    """
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.digest.export import export_digest
    from pipeline.digest.query import DigestError
    from pipeline.digest.records import DigestOptions
    from pipeline.digest.render import FORMATS

    iso_week = _week(week)
    fmt = output_format(fmt, out, FORMATS, default="md")
    if chart is not None and chart.suffix.lower() != ".png":
        raise fail(f"--chart {chart.name}: the chart is a PNG image, name it .png")
    if chart is None and out is not None and fmt != "txt":
        chart = out.with_suffix(".png")
    options = DigestOptions(iso_week, tuple(province) if province else None, geography=geography,
                            extractor_version=extractor_version)
    for target in [p for p in (out, chart) if p is not None]:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise fail(f"cannot create the folder {target.parent}: {exc.strerror or exc}") from None
    with open_store(ctx, read_only=True) as store:
        try:
            result = export_digest(store, options, fmt, chart)
        except DigestError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write the chart {chart}: {exc.strerror or exc}") from None
    d = result.digest
    if out is None:
        typer.echo(result.text, nl=False)
    else:
        try:
            out.write_text(result.text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
        say(f"{plural(d.article_count, 'article')}, {plural(d.figure_count, 'figure')} in "
            f"{plural(len(d.provinces), 'province')}: {out}" + (f", chart {result.chart}" if result.chart else ""),
            err=True)
    if d.is_empty:
        say(f"Note: no dated article in {iso_week}" + (f" for {', '.join(options.provinces)}" if province else "")
            + (f" ({plural(d.undated_pages, 'undated page')} left out)" if d.undated_pages else ""), err=True)


@digest_app.command("send")
def send(
    ctx: typer.Context,
    week: str = typer.Option(None, "--week", help="ISO week, e.g. 2023-W13, or 'last' (the week before this one)."),
    subscriptions: Path = typer.Option(..., "--subscriptions", help="subscriptions.toml (see docs/digest.md)."),
    smtp: str = typer.Option(None, "--smtp", help="Mail server HOST:PORT (not needed with --dry-run)."),
    starttls: bool = typer.Option(False, "--starttls", help="Upgrade the connection with STARTTLS."),
    user: str = typer.Option(None, "--user", help="SMTP login; the password is read from DANVAN_SMTP_PASSWORD."),
    cafile: Path = typer.Option(None, "--cafile", help="CA certificate(s) to trust for STARTTLS (PEM)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write .eml files to --outbox instead of sending."),
    outbox: Path = typer.Option(Path("data/outbox"), "--outbox", help="Folder for --dry-run messages."),
) -> None:
    """Email the week's digest to each subscriber, once: sent weeks are skipped, failed ones retried.

    Example: DANVAN_SMTP_PASSWORD=… danvan digest send --week 2023-W13 --subscriptions subscriptions.toml --smtp mail.example.org:587 --starttls --user digest
    """
    from pipeline.digest.defaults import SMTP_PASSWORD_ENV
    from pipeline.digest.mail import DeliveryError, SmtpOptions, send_digests
    from pipeline.digest.subscriptions import SubscriptionError, load_subscriptions

    iso_week = _week(week)
    try:
        subs = load_subscriptions(subscriptions)
        server = None
        if not dry_run:
            if not smtp:
                raise fail("name the mail server with --smtp HOST:PORT, or use --dry-run")
            context = None
            if cafile is not None:
                try:
                    context = ssl.create_default_context(cafile=str(cafile))
                except (OSError, ssl.SSLError) as exc:
                    raise fail(f"cannot read --cafile {cafile}: {exc}") from None
            server = SmtpOptions.parse(smtp, starttls=starttls, user=user, password=os.environ.get(SMTP_PASSWORD_ENV),
                                       tls_context=context)
        with open_store(ctx) as store:
            report = send_digests(store, subs, iso_week, server, outbox / str(iso_week) if dry_run else None,
                                  progress=lambda sid, outcome: say(f"{sid}: {outcome}", err=True))
    except (SubscriptionError, DeliveryError) as exc:
        raise fail(str(exc)) from None
    if dry_run:
        say(f"{plural(len(report.written), 'message')} written to {outbox / str(iso_week)}, "
            f"{len(report.skipped)} already sent (nothing sent or recorded)")
    else:
        say(f"{len(report.sent)} sent, {len(report.failed)} failed (retried next run), "
            f"{len(report.skipped)} already sent")
    if report.failed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(digest_app, name="digest")


@bench_app.command("digest")
def bench_digest_cmd(
    per_week: int = typer.Option(100, "--per-week", help="Generated articles per week."),
    weeks: int = typer.Option(5, "--weeks", help="Weeks of articles (the digest week and the ones before)."),
    subscribers: int = typer.Option(10, "--subscribers", help="Messages sent to a local SMTP server."),
) -> None:
    """Time the digest on a generated store: build, render, chart, and SMTP delivery on 127.0.0.1.

    Example: danvan bench digest --per-week 100 --weeks 5 --subscribers 10
    """
    from pipeline.digest.bench import bench_digest

    with progress("benchmarking the digest"):
        r = bench_digest(per_week, weeks, subscribers)
    console.print(f"store: {r.articles} articles, {r.figures} figures, generated and loaded in {r.load_s:.1f} s")
    console.print(f"build_digest (one week, all provinces): {r.build_s * 1000:.0f} ms")
    console.print("render: " + ", ".join(f"{fmt} {s * 1000:.0f} ms" for fmt, s in r.render_s.items()))
    console.print(f"chart_png: {r.chart_s * 1000:.0f} ms")
    if r.send_s is None:
        console.print("SMTP delivery: skipped (aiosmtpd is not installed: pip install -e '.[dev]')")
    else:
        console.print(f"SMTP delivery: {r.messages} messages in {r.send_s:.2f} s "
                      f"({r.send_s / max(r.messages, 1) * 1000:.0f} ms per subscriber, chart included)")
