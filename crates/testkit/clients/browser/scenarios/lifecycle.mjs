// Guest lifecycle (issue 22): an administrator adds a sponsor and sets an end date on
// a guest's page, turns on a guest lifetime in the settings and lists the guests
// without a sponsor; the sponsor sees the guest in My Apps and extends its access.
// Every page is audited.
export default function ({ params, context, audit, text, signIn }) {
  return {
    async "guest-lifecycle"() {
      const admin = await context();
      const page = await admin.newPage();
      await page.goto(`${params.base}/${params.tenant}/admin`);
      await signIn(page, params.login, params.password);
      await page.goto(params.guestUrl);
      await audit(page, "admin-user-sponsors");
      await page.fill("#sponsor", "nobody@contoso.com");
      await Promise.all([page.waitForNavigation(), page.click("#add-sponsor")]);
      const refused = await text(page, "#sponsor-error");
      await audit(page, "admin-user-sponsor-refused");
      await page.fill("#sponsor", params.sponsorLogin);
      await Promise.all([page.waitForNavigation(), page.click("#add-sponsor")]);
      const sponsors = await text(page, "#sponsor-list");
      await page.fill("#access_ends", params.endDay);
      await Promise.all([page.waitForNavigation(), page.click("#save-access-end")]);
      const ends = await text(page, "#access-ends");
      const nextStep = await text(page, "#next-step");
      await audit(page, "admin-user-access-end");

      await page.goto(`${params.base}/${params.tenant}/admin/settings`);
      // What the browser's own check stops, the server refuses too.
      await page.$eval("form[action$='/settings/collaboration']", (f) => { f.noValidate = true; });
      await page.fill("#guest_lifetime_days", "0");
      await Promise.all([page.waitForNavigation(), page.click("#save-collaboration")]);
      const lifetimeError = await text(page, "#guest_lifetime_days-error");
      await audit(page, "admin-settings-lifetime-refused");
      await page.fill("#guest_lifetime_days", "30");
      await Promise.all([page.waitForNavigation(), page.click("#save-collaboration")]);
      const saved = await text(page, "#saved");
      const lifetime = await page.inputValue("#guest_lifetime_days");
      await audit(page, "admin-settings-lifetime");

      await page.goto(`${params.base}/${params.tenant}/admin/users?kind=unsponsored`);
      const unsponsored = await page.$$eval("#users tbody tr", (rows) => rows.map((r) => r.innerText));
      await audit(page, "admin-users-unsponsored");
      await page.goto(`${params.base}/${params.tenant}/admin/users?kind=inactive`);
      const inactiveFilter = await page.inputValue("#kind");
      await audit(page, "admin-users-inactive");

      const sponsorCtx = await context();
      const mine = await sponsorCtx.newPage();
      await mine.goto(`${params.base}/${params.tenant}/myapps`);
      await signIn(mine, params.sponsorLogin, params.sponsorPassword);
      await mine.goto(`${params.base}/${params.tenant}/myapps`);
      const guests = await text(mine, "#my-guests");
      await audit(mine, "myapps-my-guests");
      await Promise.all([mine.waitForNavigation(), mine.click(`#extend-${params.guestId}`)]);
      const extended = await text(mine, `#ends-${params.guestId}`);
      return { refused, sponsors, ends, nextStep, lifetimeError, saved, lifetime, unsponsored, inactiveFilter, guests, extended };
    },
  };
}
