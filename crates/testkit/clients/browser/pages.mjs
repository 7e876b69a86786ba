// Drives Entente's pages in a real headless Chromium (Debian's, through
// playwright-core) for the Rust test suite: `node pages.mjs SCENARIO` with the
// scenario's parameters as JSON in the SCENARIO_PARAMS variable. Prints one JSON
// object: what the pages showed, the accessibility violations axe-core found
// (serious and critical ones), and any Content-Security-Policy violation. Screenshots
// go to SCREENSHOTS (a folder) when it is set. The assertions live in the Rust tests.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import axe from "axe-core";

const scenario = process.argv[2];
const params = JSON.parse(process.env.SCENARIO_PARAMS ?? "{}");
const shots = process.env.SCREENSHOTS ?? "";
const audits = {};
const cspViolations = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});

async function context(options = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  // Runs before any script of the page and is not subject to its policy.
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations = window.__cspViolations || [];
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return ctx;
}

/// Checks the page with axe-core, records its serious and critical violations and
/// any CSP violation, and takes a screenshot at desktop width and at 375 px, where
/// the page must not scroll sideways.
async function audit(page, name) {
  // A list region being swapped in is dimmed (aria-busy) for a moment; audit the page
  // as it settles, not half-faded.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }),
  );
  audits[name] = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  const csp = await page.evaluate(() => window.__cspViolations || []);
  for (const violation of csp) {
    cspViolations.push(`${name}: ${violation}`);
  }
  const size = page.viewportSize();
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) {
    audits[name].push({ id: "narrow-overflow", impact: "serious", nodes: [`${overflow}px too wide at 375px`] });
  }
  if (shots) {
    await page.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

async function signIn(page, login, password) {
  await page.fill("#login", login);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
}

/// Confirms a destructive action when the portal asks first (issue 19).
async function confirmIfAsked(page) {
  if (await page.$("#confirm")) {
    await Promise.all([page.waitForNavigation(), page.click("#confirm")]);
  }
}

async function text(page, selector) {
  const element = await page.$(selector);
  return element ? (await element.innerText()).trim() : null;
}

const scenarios = {
  // The admin signs in, uploads a CSV file, checks the preview, confirms, and
  // downloads the result file.
  async "admin-bulk"() {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${params.base}/${params.tenant}/admin`);
    const loginUrl = page.url();
    await audit(page, "login");
    await signIn(page, params.login, params.password);
    const afterLogin = page.url();
    await audit(page, "admin-invite");
    await page.setInputFiles("#file", params.csv);
    await Promise.all([page.waitForNavigation(), page.click("form[enctype] button[type=submit]")]);
    const previewUrl = page.url();
    await audit(page, "admin-bulk-preview");
    const errorRows = await page.$$eval("tr.row-error", (rows) =>
      rows.map((r) => ({ line: Number(r.dataset.line), text: r.innerText })),
    );
    const preview = {
      total: await text(page, "#total-count"),
      valid: await text(page, "#valid-count"),
      errors: await text(page, "#error-count"),
      errorRows,
    };
    await page.click("#confirm");
    await page.waitForSelector("#result-link", { timeout: 30000 });
    await audit(page, "admin-bulk-result");
    const result = {
      url: page.url(),
      invited: await text(page, "#invited-count"),
      errors: await text(page, "#error-count"),
      invitedRows: await page.$$eval("tr.row-invited", (rows) => rows.map((r) => Number(r.dataset.line))),
    };
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#result-link")]);
    const resultCsv = fs.readFileSync(await download.path(), "utf8");
    await page.goto(`${params.base}/${params.tenant}/admin/users?kind=guest`);
    await audit(page, "admin-users");
    const guests = await page.$$eval("#users tbody tr", (rows) => rows.map((r) => r.innerText));
    if (params.storage) {
      await ctx.storageState({ path: params.storage });
    }
    return { loginUrl, afterLogin, previewUrl, preview, result, resultCsv, guests };
  },

  // A partner opens the invitation link, signs in at home, accepts, and lands.
  async "redeem-at-home"() {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(params.url);
    await audit(page, "redeem");
    const title = await text(page, "#invitation-title");
    await Promise.all([page.waitForNavigation(), page.click("#sign-in-at-home")]);
    const homeLogin = page.url();
    await signIn(page, params.login, params.password);
    const accountLine = await text(page, "#signed-in-as");
    await audit(page, "redeem-accept");
    await Promise.all([page.waitForNavigation(), page.click("#accept")]);
    const landed = page.url();
    const landedBody = await page.evaluate(() => document.body.innerText);
    if (params.storage) {
      await ctx.storageState({ path: params.storage });
    }
    return { title, homeLogin, accountLine, landed, landedBody };
  },

  // The admin's invitation list: revokes the pending invitation of one address.
  async "admin-invitations"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await audit(page, "admin-invitations");
    const rows = async () =>
      page.$$eval("#invitations tbody tr", (trs) =>
        trs.map((tr) => ({
          email: tr.children[1].innerText,
          status: tr.querySelector(".status").innerText,
          email_state: tr.querySelector(".email-state").innerText,
        })),
      );
    const before = await rows();
    const row = page.locator("#invitations tbody tr", { hasText: params.revoke });
    await row.locator("input[type=checkbox]").check();
    await Promise.all([page.waitForNavigation(), page.click("#revoke-selected")]);
    await confirmIfAsked(page);
    const after = await rows();
    const done = await text(page, "#done");
    // Typing in the search field updates the list in place (no page load: the
    // marker set on this window survives) and the address follows.
    await page.evaluate(() => { window.ententeMarker = "same page"; });
    await page.locator("#q").pressSequentially(params.search, { delay: 20 });
    await page.waitForFunction(
      (wanted) => {
        const rows = document.querySelectorAll("#invitations tbody tr");
        return rows.length === 1 && rows[0].innerText.toLowerCase().includes(wanted);
      },
      params.search.toLowerCase(),
    );
    const marker = await page.evaluate(() => window.ententeMarker ?? null);
    return { before, after, done, found: await rows(), marker, foundUrl: page.url() };
  },

  // The admin changes the invitation settings and the branding, then reads them back.
  async "admin-settings"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await audit(page, "admin-settings");
    await page.fill("#invitation_lifetime_days", String(params.lifetime));
    await page.check("#members_can_invite");
    await page.fill("#blocked_domains", params.blocked.join("\n"));
    await Promise.all([page.waitForNavigation(), page.click("#save-collaboration")]);
    const savedPolicy = await text(page, "#saved");
    await page.fill("#brand_color", params.colour);
    await Promise.all([page.waitForNavigation(), page.click("#save-branding")]);
    const savedBranding = await text(page, "#saved");
    await page.fill("#brand_color", "not a colour");
    // The browser's own pattern check would stop this submission; the server's answer
    // to a bad colour is what is tested, so the form is sent without it.
    await page.$eval("#brand_color", (input) => input.removeAttribute("pattern"));
    await Promise.all([page.waitForNavigation(), page.click("#save-branding")]);
    const refused = await text(page, "#settings-error");
    await page.goto(params.url);
    return {
      savedPolicy,
      savedBranding,
      refused,
      lifetime: await page.inputValue("#invitation_lifetime_days"),
      membersCanInvite: await page.isChecked("#members_can_invite"),
      blocked: await page.inputValue("#blocked_domains"),
      colour: await page.inputValue("#brand_color"),
    };
  },

  // The admin makes a group with a member, registers an application, makes it a
  // secret (shown once) and assigns the group to it.
  async "admin-groups-apps"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(`${params.base}/${params.tenant}/admin/groups`);
    await audit(page, "admin-groups");
    await page.fill("#display_name", params.group);
    await Promise.all([page.waitForNavigation(), page.click("#create-group")]);
    await page.fill("#member-user", params.member);
    await Promise.all([page.waitForNavigation(), page.click("#add-member")]);
    await audit(page, "admin-group");
    const members = await page.$$eval("#members tbody tr", (rows) => rows.map((r) => r.innerText));
    await page.fill("#member-user", "nobody@nowhere.example");
    await Promise.all([page.waitForNavigation(), page.click("#add-member")]);
    const unknownMember = await text(page, "#group-error");

    await page.goto(`${params.base}/${params.tenant}/admin/apps`);
    await audit(page, "admin-apps");
    await page.fill("#display_name", params.app);
    await page.fill("#redirect_uri", params.redirectUri);
    await Promise.all([page.waitForNavigation(), page.click("#create-app")]);
    const appUrl = page.url();
    const clientId = await text(page, "#client-id");
    await Promise.all([page.waitForNavigation(), page.click("#add-secret")]);
    const secret = await text(page, "#new-secret");
    await audit(page, "admin-app");
    await page.fill("#assign-principal", params.group);
    await Promise.all([page.waitForNavigation(), page.click("#assign")]);
    const assignments = await page.$$eval("#assignments tbody tr", (rows) => rows.map((r) => r.innerText));
    const secretsListed = await page.$$eval("#secrets tbody tr", (rows) => rows.length);
    const secretShownAgain = (await page.$("#new-secret")) !== null;
    // A certificate pasted as PEM: a wrong one comes back with the reason, a right
    // one is listed by its thumbprint, and removed again.
    await page.fill("#certificate-pem", "not a certificate");
    await Promise.all([page.waitForNavigation(), page.click("#add-app-certificate")]);
    const certificateRefused = await text(page, "#app-error");
    await page.fill("#certificate-pem", params.certificate);
    await page.fill("#certificate-name", "Nightly job");
    await Promise.all([page.waitForNavigation(), page.click("#add-app-certificate")]);
    await audit(page, "admin-app-certificates");
    const certificates = await page.$$eval("#app-certificates tbody tr", (rows) => rows.map((r) => r.innerText));
    await Promise.all([page.waitForNavigation(), page.click("#app-certificates tbody tr button")]);
    await confirmIfAsked(page);
    const certificatesAfterRemoval = await page.$$eval("#app-certificates tbody tr", (rows) => rows.length);
    const noCertificates = await text(page, "#no-app-certificates");
    return {
      members, unknownMember, appUrl, clientId, secret, assignments, secretsListed, secretShownAgain,
      certificateRefused, certificates, certificatesAfterRemoval, noCertificates,
    };
  },

  // The domains page: `add` claims a domain and reads its TXT record; `verify`
  // checks the proof once the test has published it.
  async "admin-domains"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    const row = () => page.locator("#domains tbody tr", { hasText: params.domain });
    if (params.step === "add") {
      await page.fill("#domain-name", params.domain);
      await Promise.all([page.waitForNavigation(), page.click("#add-domain")]);
      await audit(page, "admin-domains");
      return {
        notice: await text(page, "#domain-notice"),
        status: (await row().locator(".domain-status").innerText()).trim(),
        record: (await row().locator(".txt-record").innerText()).trim(),
      };
    }
    await Promise.all([page.waitForNavigation(), row().locator("button.verify").click()]);
    return {
      notice: await text(page, "#domain-notice"),
      error: await text(page, "#domain-error"),
      status: (await row().locator(".domain-status").innerText()).trim(),
    };
  },

  // A partner's SAML IdP registered on the domains page from its metadata, listed with
  // what the partner needs, then removed.
  async "admin-federation"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await page.click("#add-saml-heading");
    await page.fill("#saml-name", params.name);
    await page.fill("#saml-metadata", params.metadata);
    await page.fill("#saml-domains", params.domains);
    await Promise.all([page.waitForNavigation(), page.click("#add-saml")]);
    await audit(page, "admin-federation");
    const row = page.locator("#providers tbody tr", { hasText: params.name });
    const added = {
      notice: await text(page, "#domain-notice"),
      cells: await row.locator("td").allInnerTexts(),
      forPartner: (await row.locator(".for-partner").innerText()).trim(),
    };
    await Promise.all([page.waitForNavigation(), row.locator("button").click()]);
    return {
      added,
      removedNotice: await text(page, "#domain-notice"),
      empty: await text(page, "#no-providers"),
    };
  },

  // The sign-in log, all of it and only the failures, and its CSV export.
  async "admin-sign-ins"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    const rows = async () =>
      page.$$eval("#sign-ins tbody tr", (trs) =>
        trs.map((tr) => ({
          login: tr.querySelector(".login").innerText,
          outcome: tr.querySelector(".outcome").dataset.outcome,
          app: tr.querySelector(".app").innerText,
        })),
      );
    await page.goto(params.url);
    await audit(page, "admin-sign-ins");
    const all = await rows();
    // Choosing an outcome updates the list in place.
    await page.evaluate(() => { window.ententeMarker = "same page"; });
    await page.selectOption("#outcome", "failure");
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll("#sign-ins .outcome")).every((c) => c.dataset.outcome === "failure"),
    );
    await page.waitForURL(/outcome=failure/);
    const failures = await rows();
    const marker = await page.evaluate(() => window.ententeMarker ?? null);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    return { all, failures, marker, csv: fs.readFileSync(await download.path(), "utf8") };
  },

  // The admin creates a member, then renames it; a bad principal name is refused.
  async "admin-member"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await page.fill("#new-display-name", "Nobody");
    await page.fill("#new-upn", "nobody@not-ours.example");
    await Promise.all([page.waitForNavigation(), page.click("#create-user")]);
    const refused = await text(page, "#user-error");
    await page.fill("#new-display-name", params.name);
    await page.fill("#new-upn", params.upn);
    await page.fill("#new-mail", params.mail);
    await Promise.all([page.waitForNavigation(), page.click("#create-user")]);
    const created = { url: page.url(), name: await text(page, "#user-name"), type: await text(page, "#user-type") };
    await page.fill("#rename", params.rename);
    await Promise.all([page.waitForNavigation(), page.click("#save-name")]);
    return { refused, created, renamed: await text(page, "#user-name") };
  },

  // The audit log page and its CSV export.
  async "admin-audit"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await audit(page, "admin-audit");
    const actionsOf = () => page.$$eval("#audit td.action", (cells) => cells.map((c) => c.innerText));
    const actions = await actionsOf();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const csv = fs.readFileSync(await download.path(), "utf8");
    // Filtered by one action (the field offers the log's actions): the list is
    // replaced in place, and the export keeps the filter.
    const offered = await page.$$eval("#known-actions option", (options) => options.map((o) => o.value));
    await page.evaluate(() => { window.ententeMarker = "same page"; });
    await page.fill("#action", params.action);
    await page.press("#action", "Enter");
    await page.waitForFunction(
      (wanted) => {
        const cells = Array.from(document.querySelectorAll("#audit td.action"));
        return cells.length > 0 && cells.every((c) => c.innerText === wanted);
      },
      params.action,
    );
    const filtered = await actionsOf();
    const marker = await page.evaluate(() => window.ententeMarker ?? null);
    const [filteredDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const filteredCsv = fs.readFileSync(await filteredDownload.path(), "utf8");
    return { actions, csv, offered, filtered, marker, url: page.url(), filteredCsv };
  },

  // The admin blocks a user from the user's page.
  async "admin-block"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.userUrl);
    await audit(page, "admin-user");
    const before = await text(page, "#user-enabled");
    await Promise.all([page.waitForNavigation(), page.click("#block")]);
    await confirmIfAsked(page);
    const after = await text(page, "#user-enabled");
    const type = await text(page, "#user-type");
    await Promise.all([page.waitForNavigation(), page.click("#object-history")]);
    await audit(page, "admin-audit-of-user");
    const history = await page.$$eval("#audit td.action", (cells) => cells.map((c) => c.innerText));
    return { before, after, type, history, historyOf: await text(page, "#audit-target") };
  },

  // Opens a page, signing in when the page asks for it; says where it ended.
  async "visit"() {
    const ctx = await context(params.storage ? { storageState: params.storage } : {});
    const page = await ctx.newPage();
    const response = await page.goto(params.url);
    let status = response.status();
    if (params.login && (await page.$("#login"))) {
      const [answer] = await Promise.all([
        page.waitForNavigation(),
        (async () => {
          await page.fill("#login", params.login);
          await page.fill("#password", params.password);
          await page.click("button[type=submit]");
        })(),
      ]);
      status = answer ? answer.status() : status;
    }
    if (params.audit) {
      await audit(page, params.audit);
    }
    if (params.saveStorage) {
      await ctx.storageState({ path: params.saveStorage });
    }
    const colour = params.colourOf
      ? await page.$eval(params.colourOf, (e) => getComputedStyle(e).backgroundColor)
      : null;
    return {
      url: page.url(),
      status,
      colour,
      heading: await text(page, "h1"),
      body: await page.evaluate(() => document.body.innerText),
    };
  },

  // The browser MSAL Python opens for acquire_token_interactive (through $BROWSER):
  // the address is the first argument after the scenario's name, the sign-in ends on
  // MSAL's own listener on a loopback port. The test server's certificate comes from
  // a test CA this browser does not know.
  async "msal-sign-in"() {
    const ctx = await context({ ignoreHTTPSErrors: true });
    const page = await ctx.newPage();
    await page.goto(process.argv[3]);
    await signIn(page, params.login, params.password);
    await page.waitForURL(/^http:\/\/localhost:\d+\//, { timeout: 30000 });
    return { landed: page.url(), body: await page.evaluate(() => document.body.innerText) };
  },

  // @azure/msal-node, unchanged, as a Node web app uses it: client credentials with a
  // secret, then the authorization code flow with a user signing in here, in
  // Chromium. Node trusts the test CA through NODE_EXTRA_CA_CERTS; the authority is
  // declared known, as for any authority outside Microsoft's clouds.
  async "msal-node"() {
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
    const claims = (jwt) =>
      jwt ? JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()) : null;
    const daemon = await app.acquireTokenByClientCredential({ scopes: [params.appScope] });
    // The web app's callback, on a port of its own as in development (registered
    // without a port: loopback redirect URIs match any port).
    const http = await import("node:http");
    let landed = null;
    const callback = http.createServer((request, response) => {
      // Only the callback itself: the browser also asks this origin for /favicon.ico.
      if (request.url.startsWith(params.callbackPath)) {
        landed = `http://localhost${request.url}`;
      }
      response.end("signed in");
    });
    await new Promise((resolve) => callback.listen(0, "127.0.0.1", resolve));
    const redirectUri = `http://localhost:${callback.address().port}${params.callbackPath}`;
    const url = await app.getAuthCodeUrl({ scopes: params.userScopes, redirectUri });
    const ctx = await context({ ignoreHTTPSErrors: true });
    const page = await ctx.newPage();
    await page.goto(url);
    if (!(await page.$("#login"))) {
      throw new Error(`no sign-in page at ${url}: ${await page.evaluate(() => document.body.innerText)}`);
    }
    await signIn(page, params.login, params.password);
    await page.waitForURL(`${redirectUri}**`, { timeout: 30000 });
    callback.close();
    const code = new URL(landed).searchParams.get("code");
    if (!code) {
      throw new Error(`the web app got no code: ${landed}`);
    }
    const user = await app.acquireTokenByCode({ code, scopes: params.userScopes, redirectUri });
    const silent = await app.acquireTokenSilent({ account: user.account, scopes: params.userScopes, forceRefresh: true });
    return {
      daemon: claims(daemon.accessToken),
      user: claims(user.accessToken),
      idToken: user.idTokenClaims,
      homeAccountId: user.account.homeAccountId,
      silent: claims(silent.accessToken),
      silentFromCache: silent.fromCache,
    };
  },

  // The only administrator tries to block, then delete, their own account: both are
  // refused on the page, with the reason.
  async "admin-self-lockout"() {
    const ctx = await context({ storageState: params.storage });
    const page = await ctx.newPage();
    await page.goto(params.url);
    await Promise.all([page.waitForNavigation(), page.click("#block")]);
    const blocked = { error: await text(page, "#user-error"), enabled: await text(page, "#user-enabled") };
    await audit(page, "admin-user-lockout");
    await Promise.all([page.waitForNavigation(), page.click("#delete")]);
    const deleted = { error: await text(page, "#user-error"), url: page.url() };
    return { blocked, deleted };
  },

  // The deployment's front door with several organizations: an unknown address is
  // told so, a known one leads to its organization's sign-in with the address filled
  // in; the administrator signed in finds the portal from the account page.
  async "front-door"() {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${params.base}/`);
    await audit(page, "front-door");
    await page.fill("#address", params.unknown);
    await Promise.all([page.waitForNavigation(), page.click("#find-organization")]);
    const unknown = await text(page, "#front-door-error");
    await page.fill("#address", params.login);
    await Promise.all([page.waitForNavigation(), page.click("#find-organization")]);
    const loginUrl = page.url();
    const prefilled = await page.inputValue("#login");
    await page.fill("#password", params.password);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    const accountUrl = page.url();
    await audit(page, "account-with-portal");
    await Promise.all([page.waitForNavigation(), page.click("#portal-link")]);
    return { unknown, loginUrl, prefilled, accountUrl, portalUrl: page.url() };
  },

  // Each language's redemption page: its lang attribute and its heading.
  async languages() {
    const ctx = await context();
    const page = await ctx.newPage();
    const seen = [];
    for (const link of params.links) {
      await page.goto(link.url);
      seen.push({
        language: link.language,
        htmlLang: await page.getAttribute("html", "lang"),
        title: await text(page, "#invitation-title"),
        button: await text(page, "#sign-in-at-home, #send-code"),
      });
      await audit(page, `redeem-${link.language}`);
    }
    return { seen };
  },
};

// More scenarios live one file per area in `scenarios/`: each module's default export
// takes the shared kit and returns its scenarios by name.
const kit = { browser, params, context, audit, signIn, text };
const folder = path.join(path.dirname(new URL(import.meta.url).pathname), "scenarios");
for (const file of fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []) {
  if (file.endsWith(".mjs")) {
    const module = await import(path.join(folder, file));
    for (const [name, run] of Object.entries(module.default(kit))) {
      if (scenarios[name]) {
        throw new Error(`scenario ${name} is defined twice`);
      }
      scenarios[name] = run;
    }
  }
}

try {
  if (!scenarios[scenario]) {
    throw new Error(`unknown scenario ${scenario}`);
  }
  const outcome = await scenarios[scenario]();
  console.log(JSON.stringify({ ...outcome, audits, cspViolations }));
} finally {
  await browser.close();
}
