//! The OpenID Connect provider driven by the npm package `openid-client`, a second
//! independent client: discovery, code flow with PKCE and its strict ID token and
//! RFC 9207 `iss` checks, userinfo, refresh and client credentials.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use entente_testkit::{TestServer, backends};

static INSTALL: Mutex<()> = Mutex::new(());

/// Installs the npm packages (`openid-client`, `oidc-provider` for federation and
/// `@node-saml/node-saml` for SAML) on first use, from the committed lock file.
pub(crate) fn node_clients_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("clients/node");
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let installed = ["openid-client", "oidc-provider", "@node-saml/node-saml"]
        .iter()
        .all(|p| dir.join(format!("node_modules/{p}/package.json")).exists());
    if !installed {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm must be installed to run the openid-client tests");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
    dir
}

#[tokio::test]
async fn openid_client_completes_the_code_flow_refresh_and_client_credentials() {
    let dir = node_clients_dir();
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let callback = "http://127.0.0.1:9/node-callback";
        let app = server.register_app("Node app", callback, false).await;
        let carol = server
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await;
        let output = tokio::process::Command::new("node")
            .arg("oidc_flow.mjs")
            .current_dir(&dir)
            .env("ISSUER", server.issuer())
            .env("BASE_URL", &server.base_url)
            .env("REDIRECT_URI", callback)
            .env("CLIENT_ID", &app.client_id)
            .env("CLIENT_SECRET", app.client_secret.as_deref().unwrap())
            .env("LOGIN", &carol.email)
            .env("PASSWORD", &carol.password)
            .output()
            .await
            .expect("node must be installed");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{backend:?}: openid-client failed: {}{stdout}",
            String::from_utf8_lossy(&output.stderr)
        );
        let seen: serde_json::Value =
            serde_json::from_str(stdout.trim()).expect("the script prints JSON");
        assert_eq!(seen["idToken"]["sub"], carol.id.to_string());
        assert_eq!(seen["idToken"]["iss"], server.issuer());
        assert_eq!(seen["idToken"]["aud"], app.client_id);
        assert_eq!(
            seen["idToken"]["tid"],
            server.bootstrap().tenant_id.to_string()
        );
        assert_eq!(seen["idToken"]["email"], "carol@contoso.com");
        assert_eq!(seen["idToken"]["name"], "Carol Clark");
        assert_eq!(seen["userinfo"]["email"], "carol@contoso.com");
        assert_eq!(seen["refreshed"]["rotated"], true);
        assert_eq!(seen["clientCredentials"]["tokenType"], "bearer");
        assert_eq!(seen["clientCredentials"]["expiresIn"], 3600);
        server.stop().await;
    }
}
