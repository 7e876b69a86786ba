// The portal's lists (issue 19, item 10): the admin searches users for the middle of
// a name, sorts by the name column the other way, exports what is listed, and
// searches invitations by a part of an address. Every page state is audited.
import fs from "node:fs";

export default function ({ params, context, audit, signIn, text }) {
  const names = (page) =>
    page.$$eval("#users tbody tr td:first-child a", (links) => links.map((a) => a.innerText.trim()));

  return {
    async "lists"() {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${params.base}/${params.tenant}/admin/users`);
      await signIn(page, params.login, params.password);
      await audit(page, "lists-users");

      // A part of a name in the middle of it, sent with Enter.
      await page.fill("#q", "ang");
      await Promise.all([
        page.waitForFunction(() => document.querySelector("#user-count")?.innerText.includes(": 2")),
        page.press("#q", "Enter"),
      ]);
      await page.waitForLoadState("networkidle");
      await audit(page, "lists-users-searched");
      const searched = { count: await text(page, "#user-count"), names: await names(page) };

      // The name column, the other way.
      await Promise.all([
        page.waitForFunction(
          () => document.querySelector("th[aria-sort=descending] #sort-name") !== null,
        ),
        page.click("#sort-name"),
      ]);
      await page.waitForLoadState("networkidle");
      await audit(page, "lists-users-sorted");
      const sorted = {
        names: await names(page),
        ariaSort: await page.$eval("#sort-name", (a) => a.closest("th").getAttribute("aria-sort")),
        url: page.url(),
        exportLink: await page.getAttribute("#export-users", "href"),
      };

      // The export of what is listed.
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-users")]);
      const exported = fs.readFileSync(await download.path(), "utf8");

      // Invitations: a part of an address in a text box.
      await page.goto(`${params.base}/${params.tenant}/admin/invitations`);
      await audit(page, "lists-invitations");
      const type = await page.getAttribute("#q", "type");
      await page.fill("#q", "abrik");
      await Promise.all([
        page.waitForFunction(() => document.querySelector("#invitation-count")?.innerText.includes(": 1")),
        page.press("#q", "Enter"),
      ]);
      await page.waitForLoadState("networkidle");
      await audit(page, "lists-invitations-searched");
      const invitations = { type, count: await text(page, "#invitation-count") };
      await ctx.close();
      return { searched, sorted, export: exported, invitations };
    },
  };
}
