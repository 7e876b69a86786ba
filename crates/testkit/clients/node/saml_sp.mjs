// A SAML service provider made with `@node-saml/node-saml` 5 in its default, strict
// setting: responses and assertions must be signed by the IdP's certificate. Two
// commands, each printing one JSON object:
//   authn: the AuthnRequest's Redirect-binding URL ({"url"}); PASSIVE=1 asks for
//          IsPassive.
//   acs:   what node-saml makes of SAML_RESPONSE: {"profile", "loggedOut"}, or
//          {"error"} with the message it gives its application.
import { SAML } from "@node-saml/node-saml";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const saml = new SAML({
  entryPoint: env("ENTRY_POINT"),
  issuer: env("ISSUER"),
  callbackUrl: env("CALLBACK_URL"),
  idpCert: env("IDP_CERT"),
  audience: env("ISSUER"),
  passive: process.env.PASSIVE === "1",
  acceptedClockSkewMs: 60_000,
});

const command = process.argv[2];
if (command === "authn") {
  const url = await saml.getAuthorizeUrlAsync("", undefined, {});
  console.log(JSON.stringify({ url }));
} else if (command === "acs") {
  try {
    const { profile, loggedOut } = await saml.validatePostResponseAsync({
      SAMLResponse: env("SAML_RESPONSE"),
    });
    console.log(JSON.stringify({ profile, loggedOut }));
  } catch (error) {
    console.log(JSON.stringify({ error: error.message }));
  }
} else {
  throw new Error(`unknown command ${command}`);
}
