// node-oidc-provider, the peer `bench/run peers` measures beside Entente. bench/run
// copies this file next to the node_modules it installs (bench/peers/package.json) and
// runs it from there.
//
//   node oidc_provider.mjs make-jwks FILE     writes an ES256 and an RS256 signing key
//   PORT=... WORKERS=1 JWKS_FILE=FILE CLIENT_SECRET=... node oidc_provider.mjs
//
// One confidential client, `bench`, allowed the client credentials grant and sending its
// secret in the form body (client_secret_post), as the benchmark's token request to
// Entente does. Resource indicators make its access tokens JWTs: the resource
// urn:bench:es256 signs them with ES256, urn:bench:rs256 with RS256. The keys are read
// from JWKS_FILE so that every worker signs with the same ones. WORKERS=2 runs
// node:cluster with two workers sharing the port; the client is static and the tokens
// are not stored, so the workers share nothing else.
import cluster from "node:cluster";
import { readFileSync, writeFileSync } from "node:fs";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

if (process.argv[2] === "make-jwks") {
  const keys = [];
  for (const alg of ["ES256", "RS256"]) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
    keys.push({ ...(await exportJWK(privateKey)), kid: alg.toLowerCase(), alg, use: "sig" });
  }
  writeFileSync(process.argv[3], JSON.stringify({ keys }));
  process.exit(0);
}

const port = Number(process.env.PORT);
const workers = Number(process.env.WORKERS || 1);
const issuer = `http://127.0.0.1:${port}`;
const algorithms = { "urn:bench:es256": "ES256", "urn:bench:rs256": "RS256" };

function serve() {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "bench",
        client_secret: process.env.CLIENT_SECRET,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: JSON.parse(readFileSync(process.env.JWKS_FILE, "utf8")),
    cookies: { keys: ["a key for the benchmark provider's cookies, which it never sets"] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf || "urn:bench:es256",
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          const alg = algorithms[resource];
          if (!alg) throw new Provider.errors.InvalidTarget();
          return {
            scope: "api:read",
            audience: resource,
            accessTokenTTL: 3600,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg } },
          };
        },
      },
    },
  });
  provider.listen(port, "127.0.0.1", () => {
    process.stdout.write(`oidc-provider serves ${issuer} (pid ${process.pid})\n`);
  });
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  // A worker that dies would leave the cluster measured at half its size: say so.
  cluster.on("exit", (worker, code, signal) => {
    process.stderr.write(`worker ${worker.process.pid} exited (${code ?? signal})\n`);
  });
} else {
  serve();
}
