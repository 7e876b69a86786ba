"""Microsoft's own client libraries, unchanged, against Entente over https, for the
Rust test suite (tests/it/microsoft.rs): MSAL Python, azure-identity and the
Microsoft Graph Python SDK as an Entra developer uses them, with only the authority
(base URL) and the credentials changed.

`python clients.py SCENARIO` with the scenario's parameters as JSON in the
SCENARIO_PARAMS variable. Prints one JSON object on its last line (the device flow
prints the flow first, on a line of its own, so the test can complete the sign-in).
The certificate authority of the test server is trusted through REQUESTS_CA_BUNDLE
and SSL_CERT_FILE, as a developer trusts `entente dev-cert`'s. No transport hook, no
patched body: what the libraries send is what Entra would receive.
"""

import asyncio
import base64
import json
import os
import sys

PARAMS = json.loads(os.environ.get("SCENARIO_PARAMS", "{}"))


def claims(jwt):
    """A JWT's payload, unverified: the test checks it against the server's keys."""
    if not jwt:
        return None
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def outcome(result):
    """What a test reads of an MSAL result."""
    return {
        "error": result.get("error"),
        "error_description": result.get("error_description"),
        "access_token": claims(result.get("access_token")),
        "id_token": result.get("id_token_claims"),
        "refresh_token": bool(result.get("refresh_token")),
        "token_source": result.get("token_source"),
        "scope": result.get("scope"),
    }


def msal_app(public=False, credential=None):
    import msal

    # instance_discovery=False: the documented switch for an authority that is not
    # one of Microsoft's clouds (MSAL then reads its OpenID configuration only).
    options = dict(authority=PARAMS["authority"], instance_discovery=False)
    if public:
        return msal.PublicClientApplication(PARAMS["client_id"], **options)
    return msal.ConfidentialClientApplication(
        PARAMS["client_id"], client_credential=credential, **options
    )


def msal_client_credentials():
    kind = PARAMS["credential"]
    if kind == "secret":
        credential = PARAMS["secret"]
    elif kind == "thumbprint":
        # The legacy form: RS256 with the SHA-1 thumbprint in x5t.
        credential = {"private_key": PARAMS["private_key"], "thumbprint": PARAMS["thumbprint"]}
    else:
        # The current form: PS256 with the SHA-256 thumbprint in x5t#S256 (and x5c).
        credential = {
            "private_key": PARAMS["private_key"],
            "public_certificate": PARAMS["public_certificate"],
        }
    app = msal_app(credential=credential)
    first = app.acquire_token_for_client(scopes=[PARAMS["scope"]])
    second = app.acquire_token_for_client(scopes=[PARAMS["scope"]])
    return {"first": outcome(first), "second": outcome(second)}


def msal_device_flow():
    app = msal_app(public=True)
    flow = app.initiate_device_flow(scopes=PARAMS["scopes"])
    print(json.dumps({"flow": flow}), flush=True)
    result = app.acquire_token_by_device_flow(flow)
    accounts = app.get_accounts()
    silent = app.acquire_token_silent(PARAMS["scopes"], account=accounts[0], force_refresh=True) if accounts else {}
    return {
        "result": outcome(result),
        "home_account_id": accounts[0]["home_account_id"] if accounts else None,
        "username": accounts[0]["username"] if accounts else None,
        "silent": outcome(silent or {}),
    }


def msal_interactive():
    # The browser is whatever $BROWSER names, as for any Python program: the test
    # points it at headless Chromium, which signs in and lands on MSAL's loopback
    # listener, on a port MSAL picks.
    app = msal_app(public=True)
    result = app.acquire_token_interactive(PARAMS["scopes"], timeout=60)
    accounts = app.get_accounts()
    silent = app.acquire_token_silent(PARAMS["scopes"], account=accounts[0], force_refresh=True) if accounts else {}
    return {
        "result": outcome(result),
        "home_account_id": accounts[0]["home_account_id"] if accounts else None,
        "silent": outcome(silent or {}),
    }


def azure_identity():
    from azure.identity import CertificateCredential, ClientSecretCredential

    common = dict(authority=PARAMS["authority_host"], disable_instance_discovery=True)
    seen = {}
    secret = ClientSecretCredential(PARAMS["tenant_id"], PARAMS["client_id"], PARAMS["secret"], **common)
    seen["secret"] = claims(secret.get_token(PARAMS["scope"]).token)
    if PARAMS.get("certificate_path"):
        certificate = CertificateCredential(
            PARAMS["tenant_id"], PARAMS["certificate_client_id"], PARAMS["certificate_path"], **common
        )
        seen["certificate"] = claims(certificate.get_token(PARAMS["scope"]).token)
    return seen


async def graph_sdk():
    from azure.identity import ClientSecretCredential
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph import GraphServiceClient
    from msgraph.generated.models.group import Group
    from msgraph.generated.models.invitation import Invitation
    from msgraph.generated.models.invited_user_message_info import InvitedUserMessageInfo
    from msgraph.generated.models.o_data_errors.o_data_error import ODataError
    from msgraph.generated.models.password_profile import PasswordProfile
    from msgraph.generated.models.reference_create import ReferenceCreate
    from msgraph.generated.models.user import User
    from msgraph.generated.users.users_request_builder import UsersRequestBuilder

    credential = ClientSecretCredential(
        PARAMS["tenant_id"],
        PARAMS["client_id"],
        PARAMS["secret"],
        authority=PARAMS["authority_host"],
        disable_instance_discovery=True,
    )
    client = GraphServiceClient(credentials=credential, scopes=[PARAMS["scope"]])
    # The one setting an Entra developer changes for a national cloud: the base URL.
    client.request_adapter.base_url = PARAMS["graph_base"]
    seen = {}

    invitation = await client.invitations.post(
        Invitation(
            invited_user_email_address="nina@fabrikam.example",
            invited_user_display_name="Nina",
            invite_redirect_url="https://apps.contoso.example/",
            send_invitation_message=True,
            invited_user_message_info=InvitedUserMessageInfo(message_language="de-DE"),
        )
    )
    seen["invitation"] = {
        "status": invitation.status,
        "redeem_url": invitation.invite_redeem_url,
        "message_language": invitation.invited_user_message_info.message_language,
        "invited_user_id": invitation.invited_user.id,
        "invited_user_type": invitation.invited_user.user_type,
    }

    domain = PARAMS["domain"]
    made = []
    for name in ["Ada", "Ben", "Cleo"]:
        user = await client.users.post(
            User(
                account_enabled=True,
                display_name=f"{name} Graph",
                mail_nickname=name.lower(),
                user_principal_name=f"{name.lower()}.graph@{domain}",
                password_profile=PasswordProfile(
                    force_change_password_next_sign_in=False,
                    password="A long enough password 42!",
                ),
            )
        )
        made.append(user)
    ada = made[0]
    seen["created"] = [u.user_principal_name for u in made]
    await client.users.by_user_id(ada.id).patch(User(display_name="Ada Lovelace"))
    read = await client.users.by_user_id(ada.id).get()
    seen["renamed"] = read.display_name

    group = await client.groups.post(
        Group(display_name="Graph SDK group", mail_enabled=False, mail_nickname="graphsdk", security_enabled=True)
    )
    for user in made[:2]:
        await client.groups.by_group_id(group.id).members.ref.post(
            ReferenceCreate(odata_id=f"{PARAMS['graph_base']}/directoryObjects/{user.id}")
        )
    members = await client.groups.by_group_id(group.id).members.get()
    seen["members"] = sorted(m.id for m in members.value)
    await client.groups.by_group_id(group.id).members.by_directory_object_id(made[1].id).ref.delete()
    members = await client.groups.by_group_id(group.id).members.get()
    seen["members_after_removal"] = [m.id for m in members.value]

    # Paging with $select and $filter, following @odata.nextLink as the SDK does.
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        select=["id", "displayName"], top=2, filter=PARAMS.get("filter")
    )
    page = await client.users.get(RequestConfiguration(query_parameters=query))
    pages = [[u.display_name for u in page.value]]
    selected_only = all(u.user_principal_name is None for u in page.value)
    while page.odata_next_link:
        page = await client.users.with_url(page.odata_next_link).get()
        pages.append([u.display_name for u in page.value])
        selected_only = selected_only and all(u.user_principal_name is None for u in page.value)
    seen["pages"] = pages
    seen["selected_only"] = selected_only

    if PARAMS.get("count"):
        config = RequestConfiguration()
        config.headers.add("ConsistencyLevel", "eventual")
        seen["count"] = await client.users.count.get(config)

    # Errors arrive as ODataError with Graph's code and inner error.
    try:
        await client.users.by_user_id("00000000-0000-0000-0000-000000000000").get()
        seen["error"] = None
    except ODataError as e:
        seen["error"] = {
            "status": e.response_status_code,
            "code": e.error.code,
            "message": e.error.message,
            "request_id": e.error.inner_error.request_id if e.error.inner_error else None,
        }

    for user in made:
        await client.users.by_user_id(user.id).delete()
    await client.groups.by_group_id(group.id).delete()
    try:
        await client.users.by_user_id(ada.id).get()
        seen["deleted"] = False
    except ODataError as e:
        seen["deleted"] = e.response_status_code == 404

    # Deleted users wait in deleted items, from where the SDK restores one (issue 19).
    deleted = await client.directory.deleted_items.graph_user.get()
    seen["deleted_items"] = [u.id for u in (deleted.value or [])]
    restored = await client.directory.deleted_items.by_directory_object_id(ada.id).restore.post()
    seen["restored"] = {"type": type(restored).__name__, "id": restored.id}
    seen["back"] = (await client.users.by_user_id(ada.id).get()).display_name
    return seen


SCENARIOS = {
    "msal-client-credentials": msal_client_credentials,
    "msal-device-flow": msal_device_flow,
    "msal-interactive": msal_interactive,
    "azure-identity": azure_identity,
    "graph-sdk": lambda: asyncio.run(graph_sdk()),
}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](), default=str), flush=True)
