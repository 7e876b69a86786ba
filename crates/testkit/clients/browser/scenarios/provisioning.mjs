// SCIM provisioning (issue 23): a Dutch-speaking administrator opens the portal's
// provisioning page, is refused beside the field for a partner that does not exist
// (what was typed kept), makes a connection and copies its token (shown once); after
// the Rust test has provisioned with it, the administrator reads the provisioning log,
// filters it to the failures and downloads it as CSV. Every page is audited.
export default function ({ params, context, audit, text, signIn }) {
  const open = async () => {
    const ctx = await context({ locale: "nl-NL" });
    const page = await ctx.newPage();
    await page.goto(params.page);
    await signIn(page, params.login, params.password);
    await page.goto(params.page);
    return { ctx, page };
  };
  return {
    async "provisioning-connect"() {
      const { ctx, page } = await open();
      const heading = await text(page, "h1");
      const url = await page.inputValue("#scim-url");
      const empty = await text(page, "#no-connections");
      await audit(page, "provisioning-empty");
      await page.click("#new-connection-heading");
      await page.fill("#connection-name", "Workday");
      await page.fill("#connection-partner", "nowhere.example");
      await Promise.all([page.waitForNavigation(), page.click("#create-connection")]);
      const refused = await text(page, "#connection-partner-error");
      const kept = await page.inputValue("#connection-name");
      await audit(page, "provisioning-refused");
      await page.fill("#connection-partner", "");
      await Promise.all([page.waitForNavigation(), page.click("#create-connection")]);
      const shown = await text(page, "#issued-heading");
      const token = await page.inputValue("#issued-token");
      const listed = await text(page, "#connections");
      await audit(page, "provisioning-made");
      await ctx.close();
      return { heading, url, empty, refused, kept, shown, token, listed };
    },
    async "provisioning-log"() {
      const { ctx, page } = await open();
      await page.waitForSelector("#provisioning-log time:not([data-local])");
      const rows = await page.$$eval("#provisioning-log tbody tr", (trs) =>
        trs.map((tr) => ({
          result: tr.className,
          status: tr.querySelector(".status").innerText,
          action: tr.querySelector(".action").innerText,
          target: tr.querySelector(".target").innerText,
          details: tr.querySelector(".details").innerText,
        })),
      );
      await audit(page, "provisioning-log");
      await page.selectOption("#log-status", "failure");
      await Promise.all([page.waitForNavigation(), page.click("#show-log")]);
      const failures = await page.$$eval("#provisioning-log tbody tr", (trs) => trs.length);
      await audit(page, "provisioning-log-failures");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#log-download")]);
      const csv = await (async () => {
        const stream = await download.createReadStream();
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        return Buffer.concat(chunks).toString("utf8");
      })();
      await ctx.close();
      return { rows, failures, csv };
    },
  };
}
