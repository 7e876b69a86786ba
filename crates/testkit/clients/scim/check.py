"""Runs scim2-tester (PyPI, unchanged) against an Entente tenant's SCIM endpoint.

Usage: python check.py BASE_URL TOKEN [TAG ...]
Prints one JSON object per line: each check's status, title, reason and tags.
With tags, only the checks carrying one of them run (e.g. `discovery`).
"""

import json
import sys

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import check_server


def main() -> None:
    base, token, *tags = sys.argv[1:]
    http = httpx2.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
    client = SyncSCIMClient(http)
    results = check_server(client, include_tags=set(tags) if tags else None)
    for result in results:
        print(
            json.dumps(
                {
                    "status": getattr(result.status, "name", str(result.status)),
                    "title": result.title,
                    "reason": result.reason,
                    "tags": sorted(result.tags),
                }
            )
        )


if __name__ == "__main__":
    main()
