// Drives Entente with the `openid-client` npm package, a client Entente did not write:
// discovery, authorization code with PKCE (the browser part done with fetch: login
// page, CSRF token, cookies), ID token validation, userinfo, refresh and client
// credentials. Prints one JSON object of what it saw; any failure exits non-zero.
import * as client from "openid-client";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const issuer = new URL(env("ISSUER"));
const base = env("BASE_URL");
const redirectUri = env("REDIRECT_URI");
const insecure = { execute: [client.allowInsecureRequests] };

const config = await client.discovery(issuer, env("CLIENT_ID"), env("CLIENT_SECRET"), undefined, insecure);

const codeVerifier = client.randomPKCECodeVerifier();
const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
const state = client.randomState();
const nonce = client.randomNonce();
const authUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: "openid profile email offline_access",
  code_challenge: codeChallenge,
  code_challenge_method: "S256",
  state,
  nonce,
});

// The browser: follow redirects by hand, keeping cookies.
const cookies = new Map();
const keep = (response) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...rest] = pair.split("=");
    cookies.set(name.trim(), rest.join("="));
  }
};
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const get = async (url) => {
  const response = await fetch(url, { redirect: "manual", headers: { cookie: cookieHeader() } });
  keep(response);
  return response;
};
const field = (html, name) => {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!match) throw new Error(`no ${name} field on the page`);
  return match[1].replace(/&#x2f;|&#47;/gi, "/").replace(/&#38;|&amp;/g, "&").replace(/&#61;/g, "=").replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
};

let response = await get(authUrl);
if (response.status !== 303) throw new Error(`authorize answered ${response.status}`);
const loginUrl = new URL(response.headers.get("location"), base);
response = await get(loginUrl);
const html = await response.text();
const form = new URLSearchParams({
  login: env("LOGIN"),
  password: env("PASSWORD"),
  csrf: field(html, "csrf"),
  return_to: field(html, "return_to"),
});
response = await fetch(new URL(`${loginUrl.pathname}`, base), {
  method: "POST",
  redirect: "manual",
  headers: { cookie: cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
  body: form,
});
keep(response);
if (response.status !== 303) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
response = await get(new URL(response.headers.get("location"), base));
if (response.status !== 303) throw new Error(`authorize after sign-in answered ${response.status}`);
const callback = new URL(response.headers.get("location"));

const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: codeVerifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
const app = await client.clientCredentialsGrant(config, { scope: `${base}/.default` });

console.log(JSON.stringify({
  idToken: { sub: claims.sub, iss: claims.iss, aud: claims.aud, tid: claims.tid, email: claims.email, name: claims.name },
  userinfo,
  refreshed: { rotated: refreshed.refresh_token !== tokens.refresh_token, hasAccessToken: !!refreshed.access_token },
  clientCredentials: { tokenType: app.token_type, expiresIn: app.expires_in, hasAccessToken: !!app.access_token },
}));
