// Issue 19, item 8: internationalized addresses typed in Chromium. An `<input
// type=email>` refused `zoë.müller@…` and turned `bücher.example` into punycode; the
// address fields are text fields with `inputmode=email` now, and the server keeps one
// form of every address. The admin invites Zoë in the portal, she redeems by a code
// read from the SMTP server's maildir, then signs in again typing her domain in
// punycode and then in Unicode capitals.
import fs from "node:fs";
import path from "node:path";

/// The bodies of the messages that arrived in `maildir` after the first `seen`.
async function newMessages(maildir, seen, count = 1) {
  const folder = path.join(maildir, "new");
  for (let i = 0; i < 200; i++) {
    const files = fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .map((f) => path.join(folder, f))
          .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
      : [];
    if (files.length >= seen + count) {
      // Quoted-printable soft line breaks undone, so links and codes read whole.
      return files.slice(seen).map((f) => fs.readFileSync(f, "utf8").replace(/=\r?\n/g, ""));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no new message in ${folder}`);
}

function messageCount(maildir) {
  const folder = path.join(maildir, "new");
  return fs.existsSync(folder) ? fs.readdirSync(folder).length : 0;
}

/// The code of a code email: eight digits alone on a line of its text part.
function codeOf(message) {
  const found = message.match(/^(\d{8})\r?$/m);
  if (!found) throw new Error(`no code in ${message}`);
  return found[1];
}

export default function ({ params, context, audit, signIn, text }) {
  return {
    async "idn-addresses"() {
      const { base, tenant, maildir } = params;
      const seen = {};

      // The admin types Zoë's address in Unicode; the field takes it as typed.
      const admin = await (await context()).newPage();
      await admin.goto(`${base}/${tenant}/admin/invite`);
      seen.loginInputType = await admin.getAttribute("#login", "type");
      seen.loginInputMode = await admin.getAttribute("#login", "inputmode");
      await audit(admin, "idn-login");
      await signIn(admin, params.login, params.password);
      await admin.goto(`${base}/${tenant}/admin/invite`);
      await admin.locator("#email").pressSequentially(params.typedInPortal);
      seen.portalFieldValue = await admin.inputValue("#email");
      seen.portalFieldValid = await admin.$eval("#email", (e) => e.checkValidity());
      await admin.fill("#display_name", "Zoë Müller");
      await admin.check("input[name=send]");
      let before = messageCount(maildir);
      await Promise.all([admin.waitForNavigation(), admin.click("form[action$='/admin/invite'] button[type=submit]")]);
      seen.invitedNotice = await text(admin, "#invited");
      await audit(admin, "idn-admin-invited");
      const [invitation] = await newMessages(maildir, before);
      const link = invitation.match(/https?:\/\/[^\s"<>]+\/redeem\/[A-Za-z0-9._~-]+/)[0];

      // Zoë redeems by a one-time code.
      const guest = await (await context()).newPage();
      await guest.goto(link);
      seen.redeemInvited = await text(guest, "#invited-address");
      await audit(guest, "idn-redeem");
      before = messageCount(maildir);
      await Promise.all([guest.waitForNavigation(), guest.click("#send-code")]);
      seen.redeemCodeSent = await text(guest, "#code-sent");
      await audit(guest, "idn-redeem-code");
      const [redeemCode] = await newMessages(maildir, before);
      await guest.locator("#code").pressSequentially(codeOf(redeemCode));
      await Promise.all([guest.waitForNavigation(), guest.click("#verify")]);
      seen.redeemedUrl = guest.url();

      // Later, in fresh browsers, she signs in typing her address in other forms.
      seen.signIns = [];
      for (const typed of params.typedAtSignIn) {
        const page = await (await context()).newPage();
        // Signed in, a guest goes to the tenant's My Apps.
        await page.goto(`${base}/${tenant}/login?return_to=/${tenant}/myapps`);
        await page.locator("#login").pressSequentially(typed);
        const fieldValue = await page.inputValue("#login");
        const fieldValid = await page.$eval("#login", (e) => e.checkValidity());
        before = messageCount(maildir);
        await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
        const codeSent = await text(page, "#code-sent");
        await audit(page, `idn-code-sign-in-${seen.signIns.length + 1}`);
        const [message] = await newMessages(maildir, before);
        await page.locator("#code").pressSequentially(codeOf(message));
        await Promise.all([page.waitForNavigation(), page.click("#verify")]);
        const myApps = await text(page, "#tenant-name");
        await audit(page, `idn-myapps-${seen.signIns.length + 1}`);
        seen.signIns.push({ typed, fieldValue, fieldValid, codeSent, url: page.url(), myApps });
      }
      return seen;
    },
  };
}
