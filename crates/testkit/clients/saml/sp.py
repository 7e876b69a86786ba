"""A SAML 2.0 service provider built on pysaml2 (with xmlsec1), which the tests drive
to check Entente's identity provider with software we did not write.

Usage: python sp.py '<json>'; prints one JSON object. The JSON names the command and
its parameters; every command takes:
  workdir   a folder for this SP's key, certificate and the IdP metadata
  entity_id the SP's entity id
  acs       its assertion consumer service URL
  slo       its single logout URL
  idp_metadata (except for `metadata`) the IdP's metadata XML
  sign      sign requests (RSA-SHA256) with the SP's key
  want_response_signed  require the Response itself to be signed
  encrypt   publish an encryption key and decrypt encrypted assertions with it

Commands:
  metadata         the SP's metadata XML
  authn            an AuthnRequest: {"url", "request_id"} (HTTP-Redirect binding)
  authn_post       an AuthnRequest for the HTTP-POST binding, signed inside when `sign`:
                   {"action", "saml_request", "request_id"}
  acs              reads {"saml_response", "request_id"?}: the verified identity, or the
                   error pysaml2 raised (status codes, bad signatures, wrong audience)
  logout           a LogoutRequest for {"name_id", "name_id_format", "session_index"}
  logout_response  reads {"saml_response"}: its status
"""

import base64
import json
import os
import sys

from keys import key_and_cert
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NameID
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256


def config(p):
    workdir = p["workdir"]
    os.makedirs(workdir, exist_ok=True)
    key_path, cert_path = key_and_cert(workdir, "sp", "pysaml2 test SP")
    conf = {
        "entityid": p["entity_id"],
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": key_path,
        "cert_file": cert_path,
        "accepted_time_diff": 60,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [(p["acs"], BINDING_HTTP_POST)],
                    "single_logout_service": [(p["slo"], BINDING_HTTP_POST)],
                },
                "allow_unsolicited": True,
                "authn_requests_signed": bool(p.get("sign")),
                "logout_requests_signed": bool(p.get("sign")),
                "want_assertions_signed": True,
                "want_response_signed": bool(p.get("want_response_signed")),
                "name_id_format": p.get(
                    "name_id_format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
                ),
            }
        },
    }
    if p.get("encrypt"):
        # Published in its metadata for encryption, and used to decrypt assertions.
        conf["encryption_keypairs"] = [{"key_file": key_path, "cert_file": cert_path}]
    if "idp_metadata" in p:
        path = os.path.join(workdir, "idp.xml")
        with open(path, "w") as f:
            f.write(p["idp_metadata"])
        conf["metadata"] = {"local": [path]}
    sp = SPConfig()
    sp.load(conf)
    return sp


def idp_entity(client):
    return next(iter(client.metadata.identity_providers()))


def run(p):
    command = p["command"]
    conf = config(p)
    if command == "metadata":
        return {"xml": create_metadata_string(None, config=conf, valid=4).decode()}
    client = Saml2Client(conf)
    sign = bool(p.get("sign"))
    if command == "authn":
        request_id, info = client.prepare_for_authenticate(
            entityid=idp_entity(client),
            relay_state=p.get("relay_state", ""),
            binding=BINDING_HTTP_REDIRECT,
            sign=sign,
            sigalg=SIG_RSA_SHA256 if sign else None,
            force_authn="true" if p.get("force_authn") else None,
        )
        location = dict(info["headers"])["Location"]
        return {"url": location, "request_id": request_id}
    if command == "authn_post":
        destination = client.metadata.single_sign_on_service(
            idp_entity(client), BINDING_HTTP_POST
        )[0]["location"]
        request_id, request = client.create_authn_request(
            destination,
            binding=BINDING_HTTP_POST,
            sign=sign,
            sign_alg=SIG_RSA_SHA256 if sign else None,
            digest_alg=DIGEST_SHA256 if sign else None,
        )
        return {
            "action": destination,
            "saml_request": base64.b64encode(str(request).encode()).decode(),
            "request_id": request_id,
        }
    if command == "acs":
        outstanding = {p["request_id"]: "/"} if p.get("request_id") else {}
        try:
            response = client.parse_authn_request_response(
                p["saml_response"], BINDING_HTTP_POST, outstanding=outstanding
            )
        except Exception as error:  # noqa: BLE001 - the type is the answer
            return {"error": type(error).__name__, "message": str(error)}
        if response is None:
            return {"error": "None", "message": "no response"}
        assertion = response.assertion
        return {
            "issuer": response.issuer(),
            "name_id": response.name_id.text,
            "name_id_format": response.name_id.format,
            "in_response_to": response.in_response_to,
            "session_index": assertion.authn_statement[0].session_index,
            "attributes": response.ava,
            "response_signed": response.response.signature is not None,
            "assertion_signed": assertion.signature is not None,
            # pysaml2 decrypts in place; the message as it arrived says whether it was.
            "assertion_encrypted": b"EncryptedAssertion"
            in base64.b64decode(p["saml_response"]),
        }
    if command == "logout":
        name_id = NameID(text=p["name_id"], format=p["name_id_format"])
        destination = client.metadata.single_logout_service(
            idp_entity(client), BINDING_HTTP_REDIRECT, "idpsso"
        )[0]["location"]
        request_id, request = client.create_logout_request(
            destination,
            idp_entity(client),
            name_id=name_id,
            session_indexes=[p["session_index"]],
            sign=False,
        )
        info = client.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(request),
            destination,
            p.get("relay_state", ""),
            sign=sign,
            sigalg=SIG_RSA_SHA256 if sign else None,
        )
        return {"url": dict(info["headers"])["Location"], "request_id": request_id}
    if command == "logout_response":
        try:
            response = client.parse_logout_request_response(
                p["saml_response"], BINDING_HTTP_POST
            )
        except Exception as error:  # noqa: BLE001
            return {"error": type(error).__name__, "message": str(error)}
        return {
            "status": response.response.status.status_code.value,
            "in_response_to": response.in_response_to,
            "signed": response.response.signature is not None,
        }
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
