"""The `breedbeeld` command: serve the bot, chat in the terminal, check a bank, Teams package."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.runtime.heap import freeze_startup_heap
from bot.runtime.logs import configure_logging
from questions.loader import BankError, load_bank
from questions.paragraph_template import ParagraphTemplateError

if TYPE_CHECKING:
    from aiohttp import web


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="breedbeeld", description="Breedbeeld chat bot")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the HTTP server for Teams (and Slack)")
    serve.add_argument("--port", type=int, help="port (default: PORT or 3978)")
    serve.add_argument("--host", help="address to listen on (default: HOST or 0.0.0.0)")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--as", dest="name", default="Ik", help="your name in the chat")
    chat.add_argument("--lang", choices=["nl", "en"], default="nl", help="language")
    chat.add_argument(
        "--out", type=Path, default=Path("."), help="folder for files, e.g. the paragraph"
    )
    demo = commands.add_parser(
        "demo", help="run a scripted example assessment and write its summary and report"
    )
    demo.add_argument("--out", type=Path, default=Path("."), help="folder (default: here)")
    demo.add_argument("--lang", choices=["nl", "en"], default="nl", help="language")
    check = commands.add_parser("check-bank", help="validate a question bank and list it")
    check.add_argument("path", nargs="?", type=Path, help="bank folder or file (default: ours)")
    package = commands.add_parser(
        "teams-package", help="write the Teams app package (zip) to upload in Teams"
    )
    package.add_argument(
        "--out", type=Path, default=Path("breedbeeld-teams.zip"), help="zip file to write"
    )
    package.add_argument("--publisher", default="Breedbeeld", help="publisher name (max 32)")
    package.add_argument("--website", help="https page about the app (default: PUBLIC_URL)")
    package.add_argument("--privacy", help="https privacy statement (default: the website)")
    package.add_argument("--terms", help="https terms of use (default: the website)")
    commands.add_parser("bench", help="benchmark against the bare SDK echo bot (bench --help)")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # a developer tool with options of its own, imported when asked
        from bench.cli import main as bench_main

        return bench_main(argv[1:])
    args = parser.parse_args(argv)

    settings = Settings()
    # serve needs every setting right; the terminal chat only the database (the demo has its own).
    problems = settings.problems() if args.command == "serve" else []
    if args.command == "chat" and (problem := settings.database_problem()):
        problems = [problem]
    if problems:
        print("The settings are not complete:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 2
    # The terminal chat is local by design: keep its screen free of the local-mode warning.
    configure_logging(settings.log_level if args.command == "serve" else "ERROR")
    try:
        if args.command == "check-bank":
            return _check_bank(args.path or settings.question_bank, settings.paragraph_templates)
        if args.command == "chat":
            return _chat(settings, args.name, args.lang, args.out)
        if args.command == "teams-package":
            return _teams_package(settings, args)
        if args.command == "demo":  # its own database and address, whatever is configured
            from bot.demo.run import main as run_demo

            return run_demo(args.out, args.lang)
        return _serve(settings, args.host or settings.host, args.port or settings.port)
    except BankError as broken:
        print(f"The question bank is broken, the bot did not start:\n{broken}", file=sys.stderr)
        return 2
    except ParagraphTemplateError as broken:
        print(
            f"The paragraph template is broken, the bot did not start:\n{broken}",
            file=sys.stderr,
        )
        return 2


def _check_bank(path: Path | None, paragraph_templates: Path | None) -> int:
    """The bank and, beside it, the paragraph templates: both as the bot checks them."""
    from dialogs.paragraph_views import sample_contexts
    from questions.paragraph_template import TEMPLATE_FILES, load_paragraph_templates

    bank = load_bank(path)
    print(f"Question bank {bank.version}: {len(bank.questions)} questions")
    for section in bank.sections:
        print(f"  {section.id:<10} {len(section.questions):>3}  {section.title.nl}")
    templates = load_paragraph_templates(paragraph_templates, sample_contexts())
    print(f"Paragraph templates: {templates.source} ({', '.join(TEMPLATE_FILES.values())})")
    return 0


def _teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from bot.teams.package import (
        PackageError,
        check_app_id,
        domain_of,
        publisher_for,
        write_package,
    )

    try:
        check_app_id(settings.microsoft_app_id)
        publisher = publisher_for(
            settings.public_url, args.publisher, args.website, args.privacy, args.terms
        )
        domain = domain_of(settings.public_url or publisher.website)
        manifest = write_package(args.out, settings.microsoft_app_id, publisher, domain)
    except PackageError as problem:
        print(f"No Teams package written: {problem}", file=sys.stderr)
        return 2
    print(
        f"Wrote {args.out} (Teams manifest {manifest['manifestVersion']}, "
        f"bot {manifest['id']}, version {manifest['version']}).\n"
        "Upload it in Teams (Apps > Manage your apps > Upload an app) or in the Teams "
        "admin centre (Teams apps > Manage apps > Upload new app)."
    )
    return 0


def _serve(settings: Settings, host: str, port: int) -> int:
    from bot.app import build_components, create_app

    components = build_components(settings)
    asyncio.run(_run_server(create_app(components), host, port, components.bank.version))
    return 0


async def _run_server(app: web.Application, host: str, port: int, bank_version: str) -> None:
    """Serve until interrupted; log "serving" only once the port really accepts requests."""
    from aiohttp import web  # here, not at the top: `breedbeeld chat` never loads aiohttp

    from bot.web.access_log import AccessLogger

    runner = web.AppRunner(app, access_log_class=AccessLogger)  # tokens never reach the logs
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    frozen = freeze_startup_heap()
    logging.getLogger("bot").info(
        "serving",
        extra={"event": "serving", "port": port, "bank": bank_version, "frozen_objects": frozen},
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):  # docker stop sends SIGTERM
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        logging.getLogger("bot").info("stopping", extra={"event": "stopping"})
        await runner.cleanup()


def _chat(settings: Settings, name: str, lang: str, folder: Path) -> int:
    # Only the shared core: the terminal needs no channel room, so the Bot Framework and
    # Slack SDKs are not loaded and a chat starts in about a second.
    from bot.console.chat import run_chat
    from bot.turns.assembly import build_core

    core = build_core(settings)
    locale = "en-US" if lang == "en" else "nl-NL"
    asyncio.run(run_chat(core.bot, input, print, name, locale, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
