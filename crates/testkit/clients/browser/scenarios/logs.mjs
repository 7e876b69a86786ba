// Readable logs (issue 19, item 9): the audit log and the sign-in log of the portal,
// read by a German-speaking administrator in Berlin. What the pages show (change
// lists, names, reasons) and how a time reads there (the page's UTC text rewritten in
// the reader's language and time zone by /assets/local-time.js) go back to the Rust
// test, which asserts on them.
export default function ({ params, context, audit, signIn }) {
  const times = (page, table) =>
    page.$$eval(`#${table} time`, (els) =>
      els.map((t) => ({ datetime: t.getAttribute("datetime"), text: t.textContent, title: t.title })),
    );
  return {
    async "logs-pages"() {
      const ctx = await context({ locale: "de-DE", timezoneId: "Europe/Berlin" });
      const page = await ctx.newPage();
      await page.goto(params.login);
      await signIn(page, params.email, params.password);
      await page.goto(params.audit);
      await page.waitForSelector("#audit time:not([data-local])");
      await audit(page, "logs-audit");
      const auditLog = {
        changes: await page.$$eval("#audit ul.changes li", (items) => items.map((li) => li.innerText)),
        actors: await page.$$eval("#audit td.actor", (cells) => cells.map((c) => c.innerText)),
        targets: await page.$$eval("#audit td.target", (cells) => cells.map((c) => c.innerText)),
        times: await times(page, "audit"),
        lang: await page.evaluate(() => document.documentElement.lang),
      };
      // The recorded data stays one click away.
      await page.click("#audit details summary");
      auditLog.recorded = await page.$eval("#audit details[open] code", (c) => c.innerText);
      await page.goto(params.signIns);
      await page.waitForSelector("#sign-ins time:not([data-local])");
      await audit(page, "logs-sign-ins");
      const signIns = {
        rows: await page.$$eval("#sign-ins tbody tr", (trs) =>
          trs.map((tr) => ({
            name: tr.querySelector(".name")?.innerText ?? "",
            login: tr.querySelector(".login").innerText,
            type: tr.querySelector(".user-type").innerText,
            home: tr.querySelector(".home").innerText,
            outcome: tr.querySelector(".outcome").dataset.outcome,
            outcomeText: tr.querySelector(".outcome").innerText,
            reason: tr.querySelector(".reason").innerText,
          })),
        ),
        times: await times(page, "sign-ins"),
      };
      await ctx.close();
      return { auditLog, signIns };
    },
  };
}
