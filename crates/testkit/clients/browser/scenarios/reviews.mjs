// Access reviews (issue 22): an administrator lists the reviews, is refused beside
// the field for a group that does not exist, makes a quarterly review of a group's
// guests, and opens a review in progress; a sponsor decides on the reviewer's page
// (a refused approval without a reason, an approval with one, a denial) and accepts
// the remaining recommendations; the administrator ends the occurrence, filters its
// decisions and downloads them as CSV. Every page is audited.
export default function ({ params, context, audit, text, signIn }) {
  return {
    async "access-reviews"() {
      const admin = await context();
      const page = await admin.newPage();
      await page.goto(`${params.base}/${params.tenant}/admin/reviews`);
      await signIn(page, params.login, params.password);
      await page.goto(`${params.base}/${params.tenant}/admin/reviews`);
      const listed = await text(page, "#reviews");
      await audit(page, "admin-reviews");
      await page.fill("#display_name", "Yearly partner review");
      await page.check("input[name=scope][value=group]");
      await page.fill("#target", "No such group");
      await Promise.all([page.waitForNavigation(), page.click("#create-review")]);
      const refused = await text(page, "#target-error");
      const kept = await page.inputValue("#display_name");
      await audit(page, "admin-reviews-refused");
      await page.fill("#target", params.groupName);
      await page.fill("#fallback", params.fallback);
      await page.selectOption("#recurrence", "quarterly");
      await page.selectOption("#default_decision", "Recommendation");
      await page.check("#auto_apply");
      await Promise.all([page.waitForNavigation(), page.click("#create-review")]);
      const made = await text(page, "h1");
      const covers = await text(page, "#review-covers");
      const schedule = await text(page, "#review-schedule");
      await audit(page, "admin-review-made");

      await page.goto(params.groupUrl);
      await page.fill("#owner-user", "nobody@contoso.com");
      await Promise.all([page.waitForNavigation(), page.click("#add-owner")]);
      const ownerRefused = await text(page, "#owner-user-error");
      await audit(page, "admin-group-owner-refused");
      await page.fill("#owner-user", params.fallback);
      await Promise.all([page.waitForNavigation(), page.click("#add-owner")]);
      const owners = await text(page, "#owners");
      await audit(page, "admin-group-owners");

      const reviewer = await context();
      const mine = await reviewer.newPage();
      await mine.goto(params.reviewerUrl);
      await signIn(mine, params.sponsorLogin, params.sponsorPassword);
      await mine.goto(params.reviewerUrl);
      await audit(mine, "reviewer-page");
      const before = await text(mine, "#review-progress");
      await Promise.all([mine.waitForNavigation(), mine.click(`#approve-${params.first}`)]);
      const reasonError = await text(mine, `#e-${params.first}`);
      await audit(mine, "reviewer-reason-refused");
      await mine.fill(`#j-${params.first}`, "Still on the project");
      await Promise.all([mine.waitForNavigation(), mine.click(`#approve-${params.first}`)]);
      const approved = await text(mine, `#state-${params.first}`);
      await Promise.all([mine.waitForNavigation(), mine.click(`#deny-${params.second}`)]);
      const denied = await text(mine, `#state-${params.second}`);
      await Promise.all([mine.waitForNavigation(), mine.click("#accept-recommendations")]);
      const accepted = await text(mine, "#review-notice");
      const after = await text(mine, "#review-progress");
      await audit(mine, "reviewer-accepted");

      await page.goto(params.occurrenceUrl);
      await audit(page, "admin-occurrence");
      await Promise.all([page.waitForNavigation(), page.click("#end-occurrence")]);
      const status = await text(page, "#occurrence-status");
      const counts = await text(page, "#occurrence-counts");
      await page.selectOption("#show", "denied");
      await Promise.all([page.waitForNavigation(), page.click("#show-decisions")]);
      const deniedRows = await page.$$eval("#decisions tbody tr", (rows) => rows.length);
      await audit(page, "admin-occurrence-ended");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("#download-csv"),
      ]);
      const csv = await (async () => {
        const stream = await download.createReadStream();
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        return Buffer.concat(chunks).toString("utf8");
      })();
      await mine.goto(params.reviewerUrl);
      const ended = await text(mine, "#review-ended");
      await audit(mine, "reviewer-ended");
      return { ownerRefused, owners, listed, refused, kept, made, covers, schedule, before, reasonError, approved, denied, accepted, after, status, counts, deniedRows, csv, ended };
    },
  };
}
