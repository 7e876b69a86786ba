// Verifies one access token with a JWT library we did not write (jose): its signature
// against the issuer's JWKS, with the algorithm the workload names and no other. Prints
// one line with the token's header and claim names; exits with 1 when it fails.
//
//   node verify_token.mjs JWKS_URL ALG TOKEN
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";

const [jwksUrl, alg, token] = process.argv.slice(2);
try {
  const header = decodeProtectedHeader(token);
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl)), {
    algorithms: [alg],
  });
  const lifetime = payload.exp ? payload.exp - Math.floor(Date.now() / 1000) : "none";
  process.stdout.write(
    `verified: alg ${header.alg}, typ ${header.typ}, ${token.length} bytes, lifetime ${lifetime} s, ` +
      `aud ${JSON.stringify(payload.aud)}, claims ${Object.keys(payload).join(",")}\n`,
  );
} catch (e) {
  process.stdout.write(`NOT verified: ${e.code || ""} ${e.message}\n`);
  process.exit(1);
}
