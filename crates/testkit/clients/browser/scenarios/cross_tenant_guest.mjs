// Cross-tenant access (issue 21) as the partner's person lives it, in Chromium: signed
// in at home, they accept the invitation, sign in to the application their
// organization's entry lets them into (the app's callback gets a code) and are turned
// away from another (the callback gets access_denied); once the inviting
// organization blocks their organization, My Apps says why. The applications' reply
// addresses are pages of the test server itself (its health and readiness answers):
// only the address the browser lands on matters.
export default function ({ params, context, audit, text }) {
  return {
    async "guest-cross-tenant"() {
      const ctx = await context({ storageState: params.storage });
      const page = await ctx.newPage();
      await page.goto(params.link);
      await audit(page, "guest-cross-tenant-redeem");
      await Promise.all([page.waitForNavigation(), page.click("#accept")]);
      const landed = page.url();
      await page.goto(params.allowed);
      const allowed = page.url();
      await page.goto(params.refused);
      const refused = page.url();
      await ctx.storageState({ path: params.storage });
      return { landed, allowed, refused };
    },

    async "guest-cross-tenant-blocked"() {
      const ctx = await context({ storageState: params.storage });
      const page = await ctx.newPage();
      const response = await page.goto(params.myApps);
      await audit(page, "guest-cross-tenant-blocked");
      return {
        status: response.status(),
        heading: await text(page, "h1"),
        body: await page.evaluate(() => document.body.innerText),
      };
    },
  };
}
