"""The ``safeguide`` command: ingest, search, ask, eval, serve, create-user, set-password,
disable-user, enable-user, db, config-table, urgency-model."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from service.config import BUNDLED_URGENCY_EXAMPLES, PROJECT_ROOT, Settings
from service.curation.commands import add_account_commands

if TYPE_CHECKING:
    from service.chat.deps import ChatDeps

# When `safeguide eval` asks its questions: a Wednesday in office hours (as the tests do).
EVAL_MOMENT = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)

logger = logging.getLogger("safeguide")


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from service.app import open_knowledge_base
    from service.curation.ingestion import ingest_paths

    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    kb = open_knowledge_base(settings)
    report, errors = ingest_paths(
        paths,
        kb=kb,
        skip_bad=args.skip_bad,
        progress=sys.stderr.isatty(),
        max_tokens=settings.index.chunk_max_tokens,
        overlap_tokens=settings.index.chunk_overlap_tokens,
    )
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if report is None:
        print(
            "nothing was written: fix the files above, or pass --skip-bad to ingest the rest",
            file=sys.stderr,
        )
        return 2
    print(
        f"added {len(report.added)}, updated {len(report.updated)}, "
        f"unchanged {len(report.unchanged)} documents; {kb.count_chunks()} chunks in the index"
    )
    return 1 if errors else 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from service.app import open_knowledge_base
    from service.chat.search import search_passages

    result = search_passages(open_knowledge_base(settings), args.query, k=args.k)
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0
    for rank, hit in enumerate(result.hits, start=1):
        where = " · ".join(x for x in (hit.section, f"p. {hit.page}" if hit.page else None) if x)
        print(f"{rank}. {hit.title} [{hit.source}]{' — ' + where if where else ''}")
        print(f"   {' '.join(hit.text.split())[:200]}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from service.app import open_services
    from service.chat.answering import answer_question
    from service.chat.schemas import ChatRequest

    services = open_services(settings)
    response = answer_question(ChatRequest(question=args.question), services.chat)
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    print(response.answer)
    for c in response.citations:
        where = ", ".join(x for x in (c.section, f"page {c.page}" if c.page else None) if x)
        print(f"  [{c.n}] {c.title}{' — ' + where if where else ''} ({c.date or 'undated'})")
    for contact in response.contacts:
        ways = ", ".join(x for x in (contact.phone, contact.email) if x)
        print(f"  ☎ {contact.name}: {ways}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from service.app import open_services
    from service.chat.evaluation import evaluate, format_report, load_dev, load_gold, site_sets
    from service.curation.ingestion import ingest_paths

    def at_the_moment(chat: ChatDeps) -> ChatDeps:
        chat.clock = lambda: args.at
        return chat

    bundled = at_the_moment(open_services(settings).chat)
    sets = [Path(args.gold), *sorted(Path(args.gold).parent.glob("heldout*.yaml"))]
    reports = [evaluate(path.stem, load_gold(path), bundled) for path in sets]
    dev = Path(args.uk_dev)
    if dev.exists():
        uk = Settings(data_dir=Path(args.uk_index))
        chat = at_the_moment(open_services(uk).chat)
        if not any(d.source.startswith("pdf/") for d in chat.kb.list_documents()):
            print(f"building the UK index in {args.uk_index} (once; about 4 minutes on 2 cores)...")
            ingest_paths([uk.corpus_dir, dev.parents[1] / "corpus-uk" / "pdf"], kb=chat.kb)
        uk_sets = [dev, *sorted(Path(args.gold).parent.glob("uk-heldout*.yaml"))]
        reports += [evaluate(p.stem, load_dev(p), chat) for p in uk_sets]
    else:
        print(f"{dev} not found: put ../shared beside the project to run the uk-dev set")
    for site in site_sets(Path(args.gold).parent / "sites"):  # each site's pages indexed alone
        data = Path(args.sites_index) / site.name
        (data / "no-briefings").mkdir(parents=True, exist_ok=True)
        scoped = Settings(data_dir=data, corpus_dir=site.docs, briefings_dir=data / "no-briefings")
        chat = at_the_moment(open_services(scoped).chat)
        ingest_paths([site.docs], kb=chat.kb)  # pages edited since the index was built
        reports.append(evaluate(site.name, load_gold(site.questions), chat))
    for report in reports:
        print(format_report(report, verbose=args.verbose))
    return 0 if all(r.passed for r in reports) else 1


def serve_options(settings: Settings) -> dict[str, object]:
    """uvicorn options: X-Forwarded-For is believed only from the configured proxies.

    (uvicorn's own default trusts 127.0.0.1, so any local client could pick its address.)
    """
    proxies = settings.security.trusted_proxies.strip()
    return {
        "log_level": settings.log_level.lower(),
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies,
    }


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    options = serve_options(settings)
    if args.workers > 1:
        uvicorn.run(
            "service.asgi:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            factory=False,
            **options,  # type: ignore[arg-type]
        )
    else:
        from service.app import create_app

        uvicorn.run(create_app(settings), host=args.host, port=args.port, **options)  # type: ignore[arg-type]
    return 0


def cmd_config_table(args: argparse.Namespace, settings: Settings) -> int:
    from service.config import iter_settings

    for var, default, text in iter_settings():
        print(f"| `{var}` | `{default}` | {text} |")
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from db import create_engine_for, init_db
    from db.migrate import current_revision, make_revision
    from service.curation.stores import database_metadata

    engine = create_engine_for(url := settings.resolved_database_url)
    init_db(engine)  # `revision` compares the newest schema with the models
    if args.action == "revision":
        make_revision(engine, args.message or "schema change", metadata=database_metadata(url))
    print(f"database at revision {current_revision(engine)}")
    return 0


def cmd_urgency_model(args: argparse.Namespace, settings: Settings) -> int:
    from kb.embeddings import load_embedder
    from service.chat.urgency import save_model, train_model

    examples, out = Path(args.examples), Path(args.out or settings.urgency_model_file)
    model = train_model(examples, load_embedder(settings.index.embedder))
    save_model(model, out)
    print(f"urgency model fitted on {examples} written to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safeguide", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add documents to the index (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", help="files or folders (PDF, Markdown, HTML, text)")
    p.add_argument("--skip-bad", action="store_true", help="ingest the good files, report the bad")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="show the passages retrieval finds")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run the gold question set and print accuracy")
    p.add_argument("--gold", default=str(PROJECT_ROOT / "eval" / "gold.yaml"))
    p.add_argument("--uk-dev", default=str(PROJECT_ROOT.parent / "shared" / "eval" / "uk-dev.yaml"))
    p.add_argument(
        "--uk-index",
        default=str(PROJECT_ROOT / "var" / "eval-uk"),
        help="data folder of the UK index (built on first use, then reused)",
    )
    p.add_argument(
        "--sites-index",
        default=str(PROJECT_ROOT / "var" / "eval-sites"),
        help="data folder of the site sets' indexes (eval/sites/<name>), one per site",
    )
    p.add_argument(
        "--at",
        type=datetime.fromisoformat,
        default=EVAL_MOMENT,
        help="the moment questions are asked at (default a weekday 11:00 UTC, office hours: out "
        "of hours the curated contacts differ, so figures would depend on when eval is run)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="run the web service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)

    add_account_commands(sub)

    p = sub.add_parser("db", help="migrate the database to the newest schema, or add a revision")
    p.add_argument("action", choices=["upgrade", "revision"])
    p.add_argument("message", nargs="?", help="for `revision`: what the new revision changes")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("config-table", help="print the README's configuration table")
    p.set_defaults(func=cmd_config_table)

    p = sub.add_parser("urgency-model", help="fit the urgency model on example messages again")
    p.add_argument("--examples", default=str(BUNDLED_URGENCY_EXAMPLES))
    p.add_argument("--out", help="where to write it (default: SAFEGUIDE_URGENCY_MODEL_FILE)")
    p.set_defaults(func=cmd_urgency_model)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    _configure_logging(settings.log_level if args.command == "serve" else "WARNING")
    result: int = args.func(args, settings)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
