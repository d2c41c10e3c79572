"""`python faulty_cli.py ARGS`: the pipeline's command line, with the writing layer's `os` failing as the
PIPELINE_FAULT environment variable says (FaultyOs's arguments as JSON, the error by name: "ENOSPC")."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from faults import ENV, FaultyOs, install  # noqa: E402

from pipeline.cli import main  # noqa: E402

if os.environ.get(ENV):
    install(FaultyOs.from_env(os.environ[ENV]))
raise SystemExit(main())
