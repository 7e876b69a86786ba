// Pages that lead somewhere (issue 19, minor points): My Apps and "No access" offer a
// sign-out, every error page a way to the start page, and the pages follow the
// system's dark mode with enough contrast.
export default function ({ context, audit, signIn, text, params }) {
  return {
    async "onward"() {
      const seen = {};
      // A member opens My Apps, signs in, and signs out from there.
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${params.base}/${params.tenant}/myapps`);
      await signIn(page, params.login, params.password);
      await audit(page, "myapps-signed-in");
      seen.myAppsSignOut = await text(page, "#sign-out");
      await Promise.all([page.waitForNavigation(), page.click("#sign-out")]);
      seen.afterSignOut = await text(page, "h1");
      await page.goto(`${params.base}/${params.tenant}/myapps`);
      seen.myAppsAfter = new URL(page.url()).pathname;

      // A partner's account signed in at home has no access here: it may sign out.
      await page.goto(`${params.base}/${params.partnerTenant}/login`);
      await signIn(page, params.partnerLogin, params.partnerPassword);
      const refused = await page.goto(`${params.base}/${params.tenant}/myapps`);
      seen.noAccessStatus = refused.status();
      seen.noAccessTitle = await text(page, "h1");
      seen.noAccessSignOut = await text(page, "#sign-out");
      seen.startPage = await page.getAttribute("#start-page", "href");
      await audit(page, "no-access");
      await Promise.all([page.waitForNavigation(), page.click("#sign-out")]);
      seen.confirmHeading = await text(page, "h1");
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
      seen.signedOutHeading = await text(page, "h1");
      await ctx.close();

      // Dark mode, as the system asks for it.
      const dark = await context({ colorScheme: "dark" });
      const darkPage = await dark.newPage();
      await darkPage.goto(`${params.base}/${params.tenant}/login`);
      seen.darkBackground = await darkPage.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      seen.darkText = await darkPage.evaluate(() => getComputedStyle(document.body).color);
      await audit(darkPage, "login-dark");
      await signIn(darkPage, params.login, params.password);
      await darkPage.goto(`${params.base}/${params.tenant}/admin/users`);
      await audit(darkPage, "admin-users-dark");
      await dark.close();
      return seen;
    },
  };
}
