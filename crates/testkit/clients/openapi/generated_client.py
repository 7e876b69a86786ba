"""Drives Entente's /v1.0 with the Python client openapi-generator made from the
served OpenAPI document (package `entente_client`, on PYTHONPATH).

Arguments: the API's base URL (with /v1.0), an admin token and the tenant's domain.
Prints one JSON object: what each call answered, for the Rust test to check.
"""

import json
import sys

import entente_client
from entente_client.models import GroupCreate, ReferenceCreate, UserCreate

base, token, domain = sys.argv[1:4]
config = entente_client.Configuration(host=base, access_token=token)
with entente_client.ApiClient(config) as client:
    users = entente_client.UsersApi(client)
    groups = entente_client.GroupsApi(client)
    made = users.users_create(
        UserCreate(
            display_name="Kay Generated",
            user_principal_name=f"kay@{domain}",
            mail_nickname="kay",
        )
    )
    # Ids are typed UUIDs in the models; a user's path takes a principal name too.
    read = users.users_get(str(made.id))
    page = users.users_list(top=1, count=True, consistency_level="eventual")
    counted = users.users_count(consistency_level="eventual")
    group = groups.groups_create(
        GroupCreate(
            display_name="Generated",
            mail_enabled=False,
            security_enabled=True,
            mail_nickname="generated",
        )
    )
    groups.groups_add_member(
        str(group.id),
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{made.id}"),
    )
    members = groups.groups_list_members(str(group.id))
    try:
        users.users_get("00000000-0000-0000-0000-000000000000")
        missing = None
    except entente_client.ApiException as error:
        missing = {"status": error.status, "code": error.data.error.code}

print(
    json.dumps(
        {
            "made": {"id": str(made.id), "userType": made.user_type, "mail": made.mail},
            "read": read.display_name,
            "page": {
                "count": page.odata_count,
                "size": len(page.value),
                "next": page.odata_next_link is not None,
            },
            "counted": counted,
            "members": [str(m.id) for m in members.value],
            "missing": missing,
        }
    )
)
