//! `entente dev-cert`: a development CA (made once) and a server certificate from it
//! in `<data-dir>/tls/`, and exactly how to serve with them and make clients trust
//! the CA. The certificates themselves are `crate::tls::dev_cert`'s.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Config;
use crate::tls::dev_cert;

/// Issues the certificate for the default names, the public URL's host and `hosts`,
/// and prints how to use it.
pub fn dev_cert_command(config: Config, hosts: Vec<String>) -> anyhow::Result<()> {
    let dir = config.data_dir.join("tls");
    let mut extra: Vec<String> = dev_cert::public_url_host(&config.public_url)
        .into_iter()
        .collect();
    extra.extend(hosts);
    let made = dev_cert::issue(&dir, &extra, entente_http::now())?;
    let dir = std::fs::canonicalize(&dir).with_context(|| format!("finding {}", dir.display()))?;
    print!("{}", instructions(&made, &dir, &config.listen));
    Ok(())
}

/// What the command prints: what it made, the serve line, and each way of trusting
/// the CA (with absolute paths, so the lines work from any directory).
fn instructions(made: &dev_cert::DevCertificate, dir: &Path, listen: &str) -> String {
    let file = |name: &str| -> PathBuf { dir.join(name) };
    let ca = file(dev_cert::CA_FILE);
    let cert = file(dev_cert::CERT_FILE);
    let key = file(dev_cert::KEY_FILE);
    let ca_key = file(dev_cert::CA_KEY_FILE);
    let ca_line = if made.ca_created {
        format!("Made a development CA: {}", ca.display())
    } else {
        format!("Used the development CA in {}", ca.display())
    };
    let expires = crate::tls::reload::rfc3339(made.not_after);
    let port = listen
        .rsplit_once(':')
        .map(|(_, port)| port)
        .unwrap_or("8080");
    format!(
        "{ca_line}\n\
         Issued a server certificate for {names}, valid until {expires}:\n  \
         {cert} (key: {key})\n\
         \n\
         Serve https with it:\n  \
         entente serve --tls-cert {cert} --tls-key {key}\n  \
         (entente serve --dev-tls uses these files too, and makes them when missing)\n\
         \n\
         Then make clients trust the CA. Each variable below makes a process trust\n\
         the CA in place of its usual list (except Node.js's, which adds to it):\n  \
         Python requests (MSAL, azure-identity, msgraph-sdk):\n    \
         export REQUESTS_CA_BUNDLE={ca}\n  \
         OpenSSL-based programs, Python's ssl module, curl, the entente CLI:\n    \
         export SSL_CERT_FILE={ca}\n  \
         Node.js (msal-node, openid-client), added to its own list:\n    \
         export NODE_EXTRA_CA_CERTS={ca}\n  \
         The whole machine (Debian, Ubuntu; browsers that read the system store):\n    \
         sudo cp {ca} /usr/local/share/ca-certificates/entente-dev.crt && sudo update-ca-certificates\n\
         \n\
         Check: curl --cacert {ca} https://localhost:{port}/healthz\n\
         \n\
         {ca_key} can sign certificates for any name a machine that trusts the CA\n\
         believes: keep it private, and never use this CA in production.\n",
        names = made.hosts.join(", "),
        cert = cert.display(),
        key = key.display(),
        ca = ca.display(),
        ca_key = ca_key.display(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instructions_name_every_file_and_variable_with_absolute_paths() {
        let made = dev_cert::DevCertificate {
            ca_file: "/srv/e/tls/ca.pem".into(),
            cert_file: "/srv/e/tls/cert.pem".into(),
            key_file: "/srv/e/tls/key.pem".into(),
            ca_created: true,
            issued: true,
            hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            not_after: 1_800_000_000,
        };
        let text = instructions(&made, Path::new("/srv/e/tls"), "127.0.0.1:9443");
        for expected in [
            "Made a development CA: /srv/e/tls/ca.pem",
            "for localhost, 127.0.0.1, ::1, valid until 2027-01-15T08:00:00Z",
            "entente serve --tls-cert /srv/e/tls/cert.pem --tls-key /srv/e/tls/key.pem",
            "export REQUESTS_CA_BUNDLE=/srv/e/tls/ca.pem",
            "export SSL_CERT_FILE=/srv/e/tls/ca.pem",
            "export NODE_EXTRA_CA_CERTS=/srv/e/tls/ca.pem",
            "sudo cp /srv/e/tls/ca.pem /usr/local/share/ca-certificates/entente-dev.crt && sudo update-ca-certificates",
            "curl --cacert /srv/e/tls/ca.pem https://localhost:9443/healthz",
            "/srv/e/tls/ca-key.pem can sign",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }
}
