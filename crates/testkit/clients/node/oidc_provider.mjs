// A partner's own OpenID provider that we did not write: the npm package
// `oidc-provider` (an OpenID-certified implementation), with its development sign-in
// pages, serving one client (Entente's tenant) and a few accounts.
//
// Environment: CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (Entente's callback), and
// ACCOUNTS, a JSON object of account id -> { email, email_verified, name }.
// It listens on a free port of 127.0.0.1 and prints one JSON line, {"issuer": ...},
// once it serves; it runs until killed. Signing in on its development pages takes the
// account id as the login (any password).

import http from "node:http";
import Provider from "oidc-provider";

const accounts = JSON.parse(process.env.ACCOUNTS);

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.CLIENT_ID,
        client_secret: process.env.CLIENT_SECRET,
        redirect_uris: [process.env.REDIRECT_URI],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    // The ID token carries the claims themselves, as Entra's and most providers' do,
    // not only the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: ["a key for the test provider's cookies only"] },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...account };
        },
      };
    },
  });
  server.on("request", provider.callback());
  process.stdout.write(JSON.stringify({ issuer }) + "\n");
});
