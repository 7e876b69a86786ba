// Field errors beside the field (issue 19, minor): the admin submits "Invite one
// partner" in Chromium with an address that is not one and a web address that is not
// https; each problem shows under its own field in plain words, the summary above
// links to the first field in error, and what was typed stays. The page is audited.
export default function ({ params, context, audit, signIn, text }) {
  return {
    async "fields"() {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${params.base}/${params.tenant}/admin/invite`);
      await signIn(page, params.login, params.password);
      await page.goto(`${params.base}/${params.tenant}/admin/invite`);
      const redirectType = await page.getAttribute("#redirect_url", "type");
      const redirectMode = await page.getAttribute("#redirect_url", "inputmode");
      await page.fill("#email", "nadia at fabrikam");
      await page.fill("#display_name", "Nadia Novak");
      await page.fill("#redirect_url", "ftp://files.fabrikam.example");
      await Promise.all([page.waitForNavigation(), page.click("#one-heading ~ form button[type=submit]")]);
      await audit(page, "fields-invite");
      const attribute = (selector, name) => page.getAttribute(selector, name);
      return {
        redirectType,
        redirectMode,
        summary: await text(page, "#invite-error"),
        summaryRole: await attribute("#invite-error", "role"),
        firstLink: await page.$eval("#invite-error a", (a) => a.getAttribute("href")),
        emailError: await text(page, "#email-error"),
        emailInvalid: await attribute("#email", "aria-invalid"),
        emailDescribedBy: await attribute("#email", "aria-describedby"),
        emailValue: await page.inputValue("#email"),
        // The error is the element right after the input it is about.
        emailNext: await page.$eval("#email", (e) => e.nextElementSibling?.id ?? ""),
        urlError: await text(page, "#redirect_url-error"),
        urlInvalid: await attribute("#redirect_url", "aria-invalid"),
        urlNext: await page.$eval("#redirect_url", (e) => e.nextElementSibling?.id ?? ""),
        urlValue: await page.inputValue("#redirect_url"),
        nameValue: await page.inputValue("#display_name"),
        nameInvalid: await attribute("#display_name", "aria-invalid"),
      };
    },
    // An application's settings with a reply address on plain http elsewhere than
    // this computer: the problem shows under the reply addresses, what was typed
    // stays, and the page is audited.
    async "fields-app"() {
      const ctx = await context();
      const page = await ctx.newPage();
      const path = `${params.base}/${params.tenant}/admin/apps/${params.app}`;
      await page.goto(path);
      await signIn(page, params.login, params.password);
      await page.goto(path);
      await page.fill("#display_name", "Launch portal renamed");
      await page.fill("#redirect_uris", "http://launch.fabrikam.example/cb");
      await Promise.all([page.waitForNavigation(), page.click("#save-app")]);
      await audit(page, "fields-app");
      return {
        error: await text(page, "#redirect_uris-error"),
        invalid: await page.getAttribute("#redirect_uris", "aria-invalid"),
        next: await page.$eval("#redirect_uris", (e) => e.nextElementSibling?.id ?? ""),
        value: await page.inputValue("#redirect_uris"),
        name: await page.inputValue("#display_name"),
        firstLink: await page.$eval("#app-error a", (a) => a.getAttribute("href")),
      };
    },
  };
}
