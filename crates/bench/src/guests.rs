//! `entente-bench guests`: what the guest token benchmark needs, made as a partner
//! would make it. A partner tenant with one member is written to the database (as
//! `seed` does); through the running server's API an application is registered and
//! the member invited; the member signs in at home, redeems and runs the
//! authorization code flow `tokens` times, as a browser would, for as many refresh
//! tokens (one family each). With `partners`, the inviting tenant gets that many
//! cross-tenant access partner entries (one of them the partner's, naming the
//! application), so every token grant of the guest asks the settings among them.
//!
//! Prints the application's client id and secret as JSON; writes the refresh tokens
//! one per line to `out` for `bench/run guest-token`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use entente_model::cross_tenant::{
    AccessTarget, AccessType, B2bSetting, CrossTenantPartner, CrossTenantSettings, PartnerKind,
    TargetConfiguration, TargetType,
};
use entente_model::{Tenant, TenantId, User};
use entente_storage::{NewUser, Store};
use serde_json::json;

use crate::invite::Tenant as ApiTenant;

pub struct Options {
    pub base: String,
    pub database_url: String,
    pub tenant: ApiTenant,
    pub partners: usize,
    pub tokens: usize,
    pub out: PathBuf,
}

const PASSWORD: &str = "the guest benchmark's password";
const REDIRECT: &str = "http://127.0.0.1:9/callback";

pub async fn run(o: Options) -> anyhow::Result<()> {
    let inviting: TenantId = o.tenant.id.parse().context("tenant id")?;
    let store = Store::connect(&o.database_url).await.context("connect")?;
    let home = home_tenant(&store).await?;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let admin = crate::invite::client_token(&http, &o.base, &o.tenant).await?;

    // The application the guest signs in to, with a secret.
    let app = crate::invite::call(
        http.post(format!("{}/v1.0/applications", o.base))
            .bearer_auth(&admin)
            .json(
                &json!({ "displayName": "Guest bench app", "web": { "redirectUris": [REDIRECT] } }),
            ),
        201,
    )
    .await?;
    let app_object = app["id"].as_str().context("app id")?;
    let client_id = app["appId"].as_str().context("appId")?.to_owned();
    let secret = crate::invite::call(
        http.post(format!(
            "{}/v1.0/applications/{app_object}/addPassword",
            o.base
        ))
        .bearer_auth(&admin)
        .json(&json!({ "passwordCredential": { "displayName": "bench" } })),
        200,
    )
    .await?;
    let client_secret = secret["secretText"]
        .as_str()
        .context("secretText")?
        .to_owned();

    if o.partners > 0 {
        partner_entries(&store, inviting, home.tenant_id, &client_id, o.partners).await?;
    }

    // Invited, signed in at home, redeemed: a browser's steps.
    let invited = crate::invite::call(
        http.post(format!("{}/v1.0/invitations", o.base))
            .bearer_auth(&admin)
            .json(&json!({
                "invitedUserEmailAddress": home.mail,
                "inviteRedirectUrl": REDIRECT,
            })),
        201,
    )
    .await?;
    let link = invited["inviteRedeemUrl"]
        .as_str()
        .context("link")?
        .to_owned();
    let mut cookies = Cookies::default();
    let login = format!("{}/{}/login", o.base, home.tenant_id);
    let page = cookies.keep(http.get(&login).send().await?);
    let csrf = hidden(&page.text().await?, "csrf")?;
    let signed = cookies.keep(
        http.post(&login)
            .header("cookie", cookies.header())
            .form(&[
                ("login", home.user_principal_name.as_str()),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("return_to", ""),
            ])
            .send()
            .await?,
    );
    if signed.status() != 303 || !cookies.0.iter().any(|(k, _)| k.contains("session")) {
        bail!("the partner's sign-in failed: {}", signed.status());
    }
    let page = cookies.keep(
        http.get(&link)
            .header("cookie", cookies.header())
            .send()
            .await?,
    );
    let csrf = hidden(&page.text().await?, "csrf")?;
    let accepted = cookies.keep(
        http.post(format!("{link}/accept"))
            .header("cookie", cookies.header())
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await?,
    );
    if accepted.status() != 303 {
        bail!("the redemption failed: {}", accepted.status());
    }

    let mut refresh_tokens = Vec::with_capacity(o.tokens);
    for _ in 0..o.tokens {
        let mut authorize =
            reqwest::Url::parse(&format!("{}/{inviting}/oauth2/v2.0/authorize", o.base))?;
        authorize
            .query_pairs_mut()
            .append_pair("client_id", &client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", REDIRECT)
            .append_pair("scope", "openid profile offline_access");
        let answer = http
            .get(authorize)
            .header("cookie", cookies.header())
            .send()
            .await?;
        let target = answer
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let code = reqwest::Url::parse(&target)
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "code")
                    .map(|(_, v)| v.into_owned())
            })
            .with_context(|| format!("no code in {target:?} ({})", answer.status()))?;
        let tokens = crate::invite::call(
            http.post(format!("{}/{inviting}/oauth2/v2.0/token", o.base))
                .basic_auth(&client_id, Some(&client_secret))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("redirect_uri", REDIRECT),
                ]),
            200,
        )
        .await?;
        refresh_tokens.push(
            tokens["refresh_token"]
                .as_str()
                .context("refresh_token")?
                .to_owned(),
        );
    }
    std::fs::write(&o.out, refresh_tokens.join("\n") + "\n")?;
    println!(
        "{}",
        json!({ "clientId": client_id, "clientSecret": client_secret })
    );
    Ok(())
}

/// The partner's tenant, with a verified domain and one member who has a password.
async fn home_tenant(store: &Store) -> anyhow::Result<User> {
    let now = unix_now();
    let tenant = Tenant::new(
        TenantId::new_id(),
        "Partner Home".into(),
        format!("home-{}.bench.entente.test", uuid::Uuid::new_v4().simple()),
        now,
    );
    let domain = format!("home-{}.example", uuid::Uuid::new_v4().simple());
    let mail = format!("guest@{domain}");
    let user = User::new_member(tenant.id, mail.clone(), Some(mail), "Guest".into(), now);
    let hash =
        entente_domain::crypto::hash_password(PASSWORD, &entente_domain::crypto::SystemEntropy);
    let mut tx = store.write().await?;
    let mut db = tx.db();
    db.insert_tenant(&tenant).await?;
    db.insert_tenant_domain(tenant.id, &domain, "bench", now)
        .await?;
    db.set_tenant_domain_verified(tenant.id, &domain, now)
        .await?;
    db.insert_user(NewUser {
        user: &user,
        password_hash: Some(&hash),
    })
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// `count` partner entries of the inviting tenant: the home tenant's, letting its
/// people in to the application among 20 others, and others for tenants that need
/// not exist (the settings are looked up by id, never joined), each listing people.
async fn partner_entries(
    store: &Store,
    tenant: TenantId,
    home: TenantId,
    app: &str,
    count: usize,
) -> anyhow::Result<()> {
    let now = unix_now();
    let targets = |kind: TargetType, first: Option<&str>, n: usize| TargetConfiguration {
        access_type: AccessType::Allowed,
        targets: first
            .map(str::to_owned)
            .into_iter()
            .chain((0..n).map(|_| uuid::Uuid::new_v4().to_string()))
            .map(|target| AccessTarget {
                target,
                target_type: kind,
            })
            .collect(),
    };
    let mut tx = store.write().await?;
    for i in 0..count {
        let partner_id = if i == 0 { home.0 } else { uuid::Uuid::new_v4() };
        let settings = CrossTenantSettings {
            b2b_collaboration_inbound: Some(B2bSetting {
                users_and_groups: Some(if i == 0 {
                    TargetConfiguration::everyone(AccessType::Allowed, TargetType::User)
                } else {
                    targets(TargetType::User, None, 5)
                }),
                applications: Some(targets(TargetType::Application, Some(app), 20)),
            }),
            ..CrossTenantSettings::default()
        };
        let entry = CrossTenantPartner {
            partner_id,
            kind: PartnerKind::Tenant,
            settings,
            created_at: now,
            updated_at: now,
        };
        tx.db().insert_cross_tenant_partner(tenant, &entry).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A browser's cookies, kept by hand (the client follows no redirects).
#[derive(Default)]
pub(crate) struct Cookies(pub(crate) Vec<(String, String)>);

impl Cookies {
    pub(crate) fn keep(&mut self, response: reqwest::Response) -> reqwest::Response {
        for value in response.headers().get_all("set-cookie") {
            let Some((name, value)) = value
                .to_str()
                .ok()
                .and_then(|v| v.split(';').next())
                .and_then(|p| p.split_once('='))
            else {
                continue;
            };
            self.0.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.0.push((name.to_owned(), value.to_owned()));
            }
        }
        response
    }

    pub(crate) fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The value of a hidden form field.
pub(crate) fn hidden(html: &str, name: &str) -> anyhow::Result<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).context("no such field")? + marker.len();
    let end = html[start..].find('"').context("unterminated")? + start;
    Ok(html[start..end].to_owned())
}
