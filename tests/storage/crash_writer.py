"""A writer for the crash-safety test: saves versions as fast as it can until it is killed.

Usage: ``python crash_writer.py URL SCENARIO_ID``. Version n gets ``inputs(1000 + n)``; after
each commit it prints the committed version number, so every number printed is durable.
"""

from __future__ import annotations

import sys

from storage_support import NOW, inputs

from storage import open_store


def main(url: str, scenario_id: str) -> None:
    store = open_store(url)
    number = store.get_scenario("T1", scenario_id).latest_version
    print("ready", flush=True)
    while True:
        number += 1
        saved = store.save_version(
            "T1", scenario_id, inputs(1000 + number), author_id="U1", now=NOW
        )
        print(saved.version.number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
