// Multi-organization applications (issue 21 part 2) with @azure/msal-node, unchanged,
// and the authority `…/organizations`: a vendor's web app signs in a person of each
// customer organization in Chromium. The first finds their organization by typing
// their address on the page /organizations shows; the second comes with MSAL's
// loginHint. Each code is redeemed at /organizations, and a silent refresh follows.
// The administrators' consent pages are audited (axe-core) in the second scenario.
import http from "node:http";

export default function ({ params, context, audit, signIn }) {
  const claims = (jwt) =>
    jwt ? JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()) : null;

  /// The web app's callback on a port of its own; resolves the address it was called at.
  async function callbackServer(path) {
    let landed = null;
    const server = http.createServer((request, response) => {
      if (request.url.startsWith(path)) {
        landed = `http://localhost${request.url}`;
      }
      response.end("signed in");
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      redirectUri: `http://localhost:${server.address().port}${path}`,
      landed: () => landed,
      close: () => server.close(),
    };
  }

  return {
    async "msal-organizations"() {
      const msal = await import("@azure/msal-node");
      const host = new URL(params.authority).host;
      const app = new msal.ConfidentialClientApplication({
        auth: {
          clientId: params.clientId,
          clientSecret: params.clientSecret,
          authority: params.authority,
          knownAuthorities: [host],
        },
      });
      const people = [];
      for (const person of params.people) {
        const callback = await callbackServer(params.callbackPath);
        const request = { scopes: params.userScopes, redirectUri: callback.redirectUri };
        if (person.hint) {
          request.loginHint = person.login;
        }
        const url = await app.getAuthCodeUrl(request);
        const ctx = await context({ ignoreHTTPSErrors: true });
        const page = await ctx.newPage();
        await page.goto(url);
        let typed = false;
        if (!person.hint) {
          // /organizations asks for the address to find the organization.
          await audit(page, "organizations-address");
          await page.fill("#address", person.login);
          await Promise.all([page.waitForNavigation(), page.click("#find-organization")]);
          typed = true;
        }
        const loginPage = new URL(page.url()).pathname;
        await signIn(page, person.login, params.password);
        await page.waitForURL(`${callback.redirectUri}**`, { timeout: 30000 });
        callback.close();
        const landed = new URL(callback.landed());
        const code = landed.searchParams.get("code");
        if (!code) {
          throw new Error(`the web app got no code: ${landed}`);
        }
        const user = await app.acquireTokenByCode({
          code,
          scopes: params.userScopes,
          redirectUri: callback.redirectUri,
        });
        const silent = await app.acquireTokenSilent({
          account: user.account,
          scopes: params.userScopes,
          forceRefresh: true,
        });
        people.push({
          typed,
          loginPage,
          issInCallback: landed.searchParams.get("iss"),
          idToken: user.idTokenClaims,
          access: claims(user.accessToken),
          homeAccountId: user.account.homeAccountId,
          tenantId: user.account.tenantId,
          silent: claims(silent.accessToken),
          silentFromCache: silent.fromCache,
        });
        await ctx.close();
      }
      return { people };
    },

    // An administrator's consent page and the page a person of an organization
    // without consent sees, each audited.
    async "consent-pages"() {
      const ctx = await context({ ignoreHTTPSErrors: true });
      const page = await ctx.newPage();
      await page.goto(params.needed);
      await audit(page, "consent-needed");
      const needed = await page.evaluate(() => document.querySelector("#consent-needed")?.innerText);
      await page.goto(params.consent);
      await signIn(page, params.login, params.password);
      await audit(page, "admin-consent");
      const roles = await page.evaluate(() => document.querySelector("#consent-roles")?.innerText);
      await Promise.all([page.waitForNavigation(), page.click("#consent-accept")]);
      const landed = page.url();
      // The portal lists the application among other organizations' ones.
      await page.goto(params.apps);
      await audit(page, "admin-apps-others");
      const others = await page.evaluate(() =>
        [...document.querySelectorAll("#other-apps tbody tr")].map((row) => row.innerText),
      );
      // Its page here: who may sign in, its roles, who holds them.
      await Promise.all([page.waitForNavigation(), page.click("#other-apps tbody a")]);
      await audit(page, "admin-other-app");
      const publisher = await page.evaluate(() => document.querySelector("#publisher")?.innerText);
      return { needed, roles, landed, others, publisher };
    },
  };
}
