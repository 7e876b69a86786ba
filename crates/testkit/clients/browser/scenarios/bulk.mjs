// Bulk invitation by names (issue 19, item 5): the upload page states its limits and
// how cells name applications and groups; the preview shows each row's display name
// and language and warns of a copy that leaves no way to redeem; "errors only" lists
// the rows with errors (a plain link, no script); the group and application pages
// show their ids with copy buttons; a file over the limit gets the upload page again
// (413) with a way back to the form.
export default function ({ params, context, audit, signIn, text }) {
  const rows = (page) =>
    page.$$eval("#rows tbody tr", (trs) =>
      trs.map((tr) => ({
        line: Number(tr.dataset.line),
        email: tr.children[1].innerText.trim(),
        displayName: tr.querySelector(".display-name").innerText.trim(),
        language: tr.querySelector(".language").innerText.trim(),
        outcome: tr.querySelector(".outcome").innerText.trim(),
        warned: tr.classList.contains("row-warning"),
        details: tr.lastElementChild.innerText.trim(),
      })),
    );

  return {
    async "bulk-names"() {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${params.base}/${params.tenant}/admin/invite`);
      await signIn(page, params.login, params.password);
      if (!page.url().endsWith("/admin/invite")) {
        await page.goto(`${params.base}/${params.tenant}/admin/invite`);
      }
      await audit(page, "bulk-invite");
      const upload = {
        sizeLimit: await text(page, "#size-limit"),
        namesHint: await text(page, "#names-hint"),
        languages: await page.$$eval("#language option", (os) => os.map((o) => o.innerText.trim())),
      };

      await page.setInputFiles("#file", params.csv);
      await Promise.all([page.waitForNavigation(), page.click("form[enctype] button[type=submit]")]);
      const previewUrl = page.url();
      await audit(page, "bulk-preview");
      const preview = {
        valid: await text(page, "#valid-count"),
        errors: await text(page, "#error-count"),
        rows: await rows(page),
      };

      await Promise.all([page.waitForNavigation(), page.click("#show-errors")]);
      await audit(page, "bulk-preview-errors");
      const errorsOnly = { url: page.url(), rows: await rows(page), showAll: await text(page, "#show-all") };
      await Promise.all([page.waitForNavigation(), page.click("#show-all")]);
      const backToAll = (await rows(page)).length;

      await page.goto(`${params.base}/${params.tenant}/admin/groups/${params.group}`);
      await audit(page, "bulk-group-id");
      const group = {
        id: await text(page, "#group-id"),
        copy: await page.getAttribute("#group-id + button", "data-copy"),
      };
      await page.goto(`${params.base}/${params.tenant}/admin/apps/${params.app}`);
      await audit(page, "bulk-app-ids");
      const app = {
        objectId: await text(page, "#object-id"),
        clientId: await text(page, "#client-id"),
        copies: await page.$$eval("button[data-copy]", (bs) => bs.map((b) => b.dataset.copy)),
      };

      await page.goto(`${params.base}/${params.tenant}/admin/invite`);
      await page.setInputFiles("#file", params.big);
      const [response] = await Promise.all([
        page.waitForNavigation({ timeout: 120000 }),
        page.click("form[enctype] button[type=submit]"),
      ]);
      await audit(page, "bulk-too-large");
      const tooLarge = {
        status: response ? response.status() : null,
        error: await text(page, "#file-error"),
        back: await page.getAttribute("#choose-another", "href"),
        formThere: (await page.$("form[enctype] #file")) !== null,
      };
      await page.click("#choose-another");
      tooLarge.afterBack = page.url();
      return { upload, previewUrl, preview, errorsOnly, backToAll, group, app, tooLarge };
    },
  };
}
