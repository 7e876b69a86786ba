// Deleted items (issue 19, item 2): deleting a user asks first, naming them and what
// follows, then says it is done; the user waits in Deleted items, from where a
// restore brings them back; deleting an item permanently asks first too.
export default function ({ params, context, audit, text }) {
  return {
    async "deleted-items"() {
      const ctx = await context({ storageState: params.storage });
      const page = await ctx.newPage();
      await page.goto(params.userUrl);
      await Promise.all([page.waitForNavigation(), page.click("#delete")]);
      const confirmation = {
        url: page.url(),
        question: await text(page, "#confirm-question"),
        consequences: await page.$$eval(".confirm-consequence", (ps) => ps.map((p) => p.innerText.trim())),
        cancel: await page.getAttribute("#cancel", "href"),
      };
      await audit(page, "admin-confirm-delete-user");
      await Promise.all([page.waitForNavigation(), page.click("#confirm")]);
      const deleted = { url: page.url(), notice: await text(page, "#notice"), role: await page.getAttribute("#notice", "role") };
      await audit(page, "admin-users-deleted-notice");

      await Promise.all([page.waitForNavigation(), page.click(`nav a[href$="/admin/deleted"]`)]);
      const listed = await page.$$eval(".deleted-items tbody tr", (rows) =>
        rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.innerText.trim())),
      );
      await audit(page, "admin-deleted-items");

      await Promise.all([page.waitForNavigation(), page.click(`#purge-${params.groupId}`)]);
      const purgeQuestion = await text(page, "#confirm-question");
      await audit(page, "admin-confirm-purge");
      await Promise.all([page.waitForNavigation(), page.click("#confirm")]);
      const purged = await text(page, "#notice");

      await Promise.all([page.waitForNavigation(), page.click(`#restore-${params.userId}`)]);
      const restored = await text(page, "#notice");
      const left = await page.$$eval(".deleted-items tbody tr", (rows) => rows.length);
      const empty = await text(page, "#no-deleted");
      await audit(page, "admin-deleted-restored");
      await page.goto(params.userUrl);
      const back = await text(page, "#user-name");
      return { confirmation, deleted, listed, purgeQuestion, purged, restored, left, empty, back };
    },
  };
}
