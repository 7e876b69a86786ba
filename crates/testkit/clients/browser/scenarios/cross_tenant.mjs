// Cross-tenant access (issue 21) in Chromium, without a script of the page's own
// doing anything: the admin lets partners in to one application only, adds a partner
// tenant and blocks it, finds it listed by name, has a refusal explained, refuses a
// malformed list (the problem beside its field, what was typed kept) and removes the
// partner after the confirmation. Each page is audited (axe-core, CSP, 375 px).
export default function ({ params, context, audit, text }) {
  return {
    async "admin-cross-tenant"() {
      const ctx = await context({ storageState: params.storage });
      const page = await ctx.newPage();
      const home = `${params.base}/${params.tenant}/admin/cross-tenant`;
      await page.goto(home);
      await audit(page, "admin-cross-tenant");
      const navCurrent = await page.getAttribute('nav a[aria-current="page"]', "href");

      await page.check("#in_apps-allow-listed");
      await page.check(`input[name=in_app][value="${params.appId}"]`);
      await Promise.all([page.waitForNavigation(), page.click("#save-default")]);
      const savedDefault = await text(page, "#notice");

      // A word where an object id belongs: said beside the field, the word kept.
      await page.check("#out_people-block-listed");
      await page.fill("#out_users", "carol");
      await Promise.all([page.waitForNavigation(), page.click("#save-default")]);
      await audit(page, "admin-cross-tenant-refused");
      const refused = {
        error: await text(page, "#out_users-error"),
        summaryLink: await page.$eval(".error-summary a", (a) => a.getAttribute("href")),
        kept: await page.inputValue("#out_users"),
        invalid: await page.getAttribute("#out_users", "aria-invalid"),
      };

      await page.goto(home);
      await page.fill("#add-tenant", params.partner);
      await Promise.all([page.waitForNavigation(), page.click("#add-partner")]);
      await audit(page, "admin-cross-tenant-partner");
      const added = { name: await text(page, "#partner-name"), notice: await text(page, "#notice") };
      await page.check("#in_people-block-all");
      await page.check("#trust-yes");
      await Promise.all([page.waitForNavigation(), page.click("#save-partner")]);
      const savedPartner = await text(page, "#notice");

      await Promise.all([page.waitForNavigation(), page.click("#back")]);
      const row = page.locator("#partners tbody tr", { hasText: added.name });
      const cells = (await row.locator("td").allInnerTexts()).map((c) => c.trim());

      await page.fill("#explain-address", params.address);
      await page.selectOption("#explain-app", params.appId);
      await Promise.all([page.waitForNavigation(), page.click("#explain")]);
      await audit(page, "admin-cross-tenant-explain");
      const explained = {
        result: await text(page, "#explain-result"),
        partner: await text(page, "#explain-partner"),
        why: await text(page, "#explain-decided .decided-why"),
        source: await text(page, "#explain-decided .decided-source"),
      };

      await Promise.all([page.waitForNavigation(), row.locator("a.partner-name").click()]);
      await Promise.all([page.waitForNavigation(), page.click("#remove-partner")]);
      await audit(page, "admin-cross-tenant-confirm");
      const question = await text(page, "#confirm-question");
      await Promise.all([page.waitForNavigation(), page.click("#confirm")]);
      const removed = { notice: await text(page, "#notice"), empty: await text(page, "#no-partners") };
      return { navCurrent, savedDefault, refused, added, savedPartner, cells, explained, question, removed };
    },
  };
}
