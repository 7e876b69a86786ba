"""A SAML 2.0 identity provider built on pysaml2 (with xmlsec1), which the tests drive
to check Entente's federation with partners' SAML IdPs against software we did not
write.

Usage: python idp.py '<json>'; prints one JSON object. Every command takes:
  workdir     a folder for this IdP's key, certificate and the SP metadata
  entity_id   the IdP's entity id
  sso_url     its single sign-on URL (HTTP-Redirect binding)

Commands:
  metadata    the IdP's metadata XML: {"xml"}
  sso         answers the AuthnRequest in {"url"} (the address the SP sent the
              browser to) for the signed-in {"user": {"uid", "email", "name"}}, with
              {"sp_metadata"} the SP's metadata; signs the assertion, and the response
              too with "sign_response": {"action", "saml_response", "relay_state",
              "request_id"}, or {"error"} when pysaml2 refuses the request
"""

import base64
import json
import os
import sys
from urllib.parse import parse_qs, urlparse

from keys import key_and_cert
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.samlp import STATUS_SUCCESS
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def config(p):
    workdir = p["workdir"]
    os.makedirs(workdir, exist_ok=True)
    key_path, cert_path = key_and_cert(workdir, "idp", "pysaml2 test IdP")
    conf = {
        "entityid": p["entity_id"],
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": key_path,
        "cert_file": cert_path,
        "accepted_time_diff": 60,
        "service": {
            "idp": {
                "endpoints": {
                    "single_sign_on_service": [(p["sso_url"], BINDING_HTTP_REDIRECT)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "policy": {"default": {"lifetime": {"minutes": 15}}},
            }
        },
    }
    if "sp_metadata" in p:
        path = os.path.join(workdir, "sp.xml")
        with open(path, "w") as f:
            f.write(p["sp_metadata"])
        conf["metadata"] = {"local": [path]}
    idp = IdPConfig()
    idp.load(conf)
    return idp


def run(p):
    command = p["command"]
    conf = config(p)
    if command == "metadata":
        return {"xml": create_metadata_string(None, config=conf, valid=4).decode()}
    if command == "sso":
        server = Server(config=conf)
        query = parse_qs(urlparse(p["url"]).query)
        relay_state = query.get("RelayState", [""])[0]
        try:
            request = server.parse_authn_request(
                query["SAMLRequest"][0], BINDING_HTTP_REDIRECT
            ).message
            args = server.response_args(request, [BINDING_HTTP_POST])
        except Exception as error:  # noqa: BLE001 - the type is the answer
            return {"error": type(error).__name__, "message": str(error)}
        user = p["user"]
        response = server.create_authn_response(
            identity={"mail": [user["email"]], "displayName": [user["name"]]},
            userid=user["uid"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["uid"]),
            # `class_ref` names how the person signed in: a password unless the test
            # says otherwise (REFEDS MFA, say).
            authn={"class_ref": p.get("class_ref", PASSWORD), "authn_auth": p["entity_id"]},
            sign_assertion=True,
            sign_response=bool(p.get("sign_response")),
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            **args,
        )
        return {
            "action": args["destination"],
            "saml_response": base64.b64encode(str(response).encode()).decode(),
            "relay_state": relay_state,
            "request_id": request.id,
            "status": STATUS_SUCCESS,
        }
    return {"error": "unknown command " + command}


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
