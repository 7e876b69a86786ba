//! Development certificates: a local CA made once per data directory, and server
//! certificates it signs for `localhost`, `127.0.0.1`, `::1` and any other name asked
//! for, so Entente serves https on a developer's machine to clients that trust the CA
//! (MSAL and azure-identity refuse `http://` authorities).
//!
//! Everything lives in one folder (`<data-dir>/tls/`): `ca.pem` (the CA certificate,
//! what clients trust), `ca-key.pem` (0600), `cert.pem` (the server certificate alone)
//! and `key.pem` (0600). Running again re-issues the server certificate from the same
//! CA, so a CA trusted once stays trusted. Keys are ECDSA P-256; the CA is valid ten
//! years, a server certificate 397 days (what browsers accept), both backdated an hour
//! for clocks a little behind. Certificates carry what strict verifiers (OpenSSL's
//! `X509_STRICT`, which Python 3.13 turns on) require: key identifiers, critical
//! basic constraints and key usage, and `serverAuth`.
//!
//! The CA's name is derived from its key, so the issuer of a new certificate is the
//! CA's name exactly, without parsing the CA certificate back into rcgen. Writes are
//! whole (written aside, then renamed) and a lock file keeps two processes from
//! making two CAs in one folder. Never for production: anyone holding `ca-key.pem`
//! can make certificates every machine that trusts `ca.pem` believes.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PublicKeyData, SanType, SerialNumber,
};

use super::files::{CertificateDetails, PairFiles};

pub const CA_FILE: &str = "ca.pem";
pub const CA_KEY_FILE: &str = "ca-key.pem";
pub const CERT_FILE: &str = "cert.pem";
pub const KEY_FILE: &str = "key.pem";

/// The names every development certificate is for.
pub const DEFAULT_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

const DAY: i64 = 86_400;
const CA_LIFETIME: i64 = 3650 * DAY;
/// The longest a server certificate may live for Apple's and Google's browsers.
const CERTIFICATE_LIFETIME: i64 = 397 * DAY;
const BACKDATE: i64 = 3600;
/// `ensure` renews a server certificate this close to its end.
const RENEW_BEFORE: i64 = 30 * DAY;

/// A development CA, opened from (or made in) its folder.
pub struct DevCa {
    dir: PathBuf,
    key: KeyPair,
    params: CertificateParams,
    /// The DER of the CA certificate's subject, which issued certificates must name.
    subject: Vec<u8>,
    not_after: i64,
    /// Whether this opening made the CA.
    pub created: bool,
}

/// A server certificate made in memory.
pub struct IssuedCertificate {
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    pub key_pem: String,
    pub not_after: i64,
}

/// What [`issue`] or [`ensure`] left in the folder.
#[derive(Clone, Debug)]
pub struct DevCertificate {
    pub ca_file: PathBuf,
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
    /// Whether the CA was made now (clients must be told to trust it).
    pub ca_created: bool,
    /// Whether a server certificate was issued now (rather than kept).
    pub issued: bool,
    /// The names the server certificate is for.
    pub hosts: Vec<String>,
    pub not_after: i64,
}

impl DevCa {
    /// The CA in `dir`, made there if there is none. `now` is Unix seconds.
    pub fn open_or_create(dir: &Path, now: i64) -> anyhow::Result<DevCa> {
        let _lock = FolderLock::take(dir)?;
        DevCa::open(dir, now)
    }

    /// The CA certificate file, which clients trust.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.join(CA_FILE)
    }

    /// A server certificate for exactly `hosts` (DNS names or IP addresses), signed by
    /// this CA, valid from an hour before `now` for 397 days (no longer than the CA).
    pub fn issue(&self, hosts: &[String], now: i64) -> anyhow::Result<IssuedCertificate> {
        anyhow::ensure!(!hosts.is_empty(), "a certificate needs at least one name");
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
        let mut params = CertificateParams::default();
        params.subject_alt_names = hosts
            .iter()
            .map(|host| subject_alt_name(host))
            .collect::<anyhow::Result<_>>()?;
        params.distinguished_name = DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Entente development");
        params
            .distinguished_name
            .push(DnType::CommonName, hosts[0].as_str());
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        params.serial_number = Some(random_serial()?);
        let not_after = (now + CERTIFICATE_LIFETIME).min(self.not_after);
        params.not_before = at(now - BACKDATE)?;
        params.not_after = at(not_after)?;
        let issuer = Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer)?;
        let details = CertificateDetails::read(cert.der()).map_err(anyhow::Error::msg)?;
        // The issuer's name is rebuilt from the key; a CA certificate made otherwise
        // (by hand, or by another tool) would not be named by what it signs.
        anyhow::ensure!(
            details.issuer == self.subject,
            "{} was not made by `entente dev-cert`: move {} aside to make a new development CA",
            self.ca_file().display(),
            self.dir.display()
        );
        Ok(IssuedCertificate {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_pem: key.serialize_pem(),
            not_after,
        })
    }

    fn open(dir: &Path, now: i64) -> anyhow::Result<DevCa> {
        let key_file = dir.join(CA_KEY_FILE);
        let ca_file = dir.join(CA_FILE);
        let (key, created) = if key_file.exists() {
            let pem = std::fs::read_to_string(&key_file)
                .with_context(|| format!("reading {}", key_file.display()))?;
            let key = KeyPair::from_pem(&pem)
                .with_context(|| format!("{} holds no private key", key_file.display()))?;
            (key, false)
        } else {
            let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
            write_whole(&key_file, key.serialize_pem().as_bytes(), 0o600)?;
            (key, true)
        };
        let mut params = CertificateParams::default();
        params.distinguished_name = ca_name(&key);
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params.serial_number = Some(random_serial()?);
        params.not_before = at(now - BACKDATE)?;
        params.not_after = at(now + CA_LIFETIME)?;
        let existing = match std::fs::read(&ca_file) {
            Ok(pem) if !created => Some(read_ca(&ca_file, &pem)?),
            _ => None,
        };
        let details = match existing {
            Some(details) => {
                anyhow::ensure!(
                    details.public_key == key.subject_public_key_info(),
                    "{} is not the certificate of {}: move {} aside to make a new development CA",
                    ca_file.display(),
                    key_file.display(),
                    dir.display()
                );
                details
            }
            None => {
                let cert = params.self_signed(&key)?;
                write_whole(&ca_file, cert.pem().as_bytes(), 0o644)?;
                CertificateDetails::read(cert.der()).map_err(anyhow::Error::msg)?
            }
        };
        Ok(DevCa {
            dir: dir.to_owned(),
            key,
            params,
            subject: details.subject,
            not_after: details.not_after,
            created,
        })
    }
}

/// Issues a new server certificate for [`DEFAULT_HOSTS`] and `extra_hosts` into `dir`
/// (`cert.pem`, `key.pem`), from the CA there, made first if there is none.
pub fn issue(dir: &Path, extra_hosts: &[String], now: i64) -> anyhow::Result<DevCertificate> {
    let hosts = host_list(extra_hosts)?;
    let _lock = FolderLock::take(dir)?;
    let ca = DevCa::open(dir, now)?;
    write_certificate(&ca, dir, hosts, now)
}

/// As [`issue`], but keeps the server certificate in `dir` when it is this CA's,
/// covers every name and has more than 30 days left (what `serve --dev-tls` runs).
pub fn ensure(dir: &Path, extra_hosts: &[String], now: i64) -> anyhow::Result<DevCertificate> {
    let hosts = host_list(extra_hosts)?;
    let _lock = FolderLock::take(dir)?;
    let ca = DevCa::open(dir, now)?;
    let files = PairFiles {
        cert: dir.join(CERT_FILE),
        key: dir.join(KEY_FILE),
    };
    if let Ok(pair) = files.load() {
        let issued_here = pair
            .certified
            .cert
            .first()
            .and_then(|leaf| CertificateDetails::read(leaf).ok())
            .is_some_and(|leaf| leaf.issuer == ca.subject);
        let covers = hosts.iter().all(|host| pair.names.contains(host));
        if issued_here && covers && pair.not_after - now > RENEW_BEFORE {
            return Ok(DevCertificate {
                ca_file: ca.ca_file(),
                cert_file: files.cert,
                key_file: files.key,
                ca_created: false,
                issued: false,
                hosts: pair.names,
                not_after: pair.not_after,
            });
        }
    }
    write_certificate(&ca, dir, hosts, now)
}

/// The host of a public URL, when a certificate should name it besides
/// [`DEFAULT_HOSTS`]: not for an unspecified address (`0.0.0.0`), which no client
/// asks for.
pub fn public_url_host(public_url: &str) -> Option<String> {
    let url = url::Url::parse(public_url).ok()?;
    let host = match url.host()? {
        url::Host::Domain(name) => name.to_ascii_lowercase(),
        url::Host::Ipv4(ip) if !ip.is_unspecified() => ip.to_string(),
        url::Host::Ipv6(ip) if !ip.is_unspecified() => ip.to_string(),
        _ => return None,
    };
    (!DEFAULT_HOSTS.contains(&host.as_str())).then_some(host)
}

fn write_certificate(
    ca: &DevCa,
    dir: &Path,
    hosts: Vec<String>,
    now: i64,
) -> anyhow::Result<DevCertificate> {
    let issued = ca.issue(&hosts, now)?;
    let cert_file = dir.join(CERT_FILE);
    let key_file = dir.join(KEY_FILE);
    write_whole(&key_file, issued.key_pem.as_bytes(), 0o600)?;
    write_whole(&cert_file, issued.cert_pem.as_bytes(), 0o644)?;
    Ok(DevCertificate {
        ca_file: ca.ca_file(),
        cert_file,
        key_file,
        ca_created: ca.created,
        issued: true,
        hosts,
        not_after: issued.not_after,
    })
}

/// [`DEFAULT_HOSTS`] then `extra`, each checked and written as certificates hold them
/// (DNS names in lower case, IP addresses in their usual text), without repeats.
pub fn host_list(extra: &[String]) -> anyhow::Result<Vec<String>> {
    let mut hosts: Vec<String> = Vec::new();
    for host in DEFAULT_HOSTS
        .iter()
        .map(|h| h.to_string())
        .chain(extra.iter().cloned())
    {
        let host = normalize_host(&host)?;
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    Ok(hosts)
}

fn normalize_host(host: &str) -> anyhow::Result<String> {
    let trimmed = host.trim().trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let name = trimmed.to_ascii_lowercase();
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let mut labels = name.split('.');
    let first = labels.next().unwrap_or_default();
    let valid = name.len() <= 253
        && (first == "*" || label_ok(first))
        && labels.all(label_ok)
        && name != "*";
    anyhow::ensure!(
        valid,
        "{host:?} is not a DNS name (such as id.contoso.test) or an IP address"
    );
    Ok(name)
}

fn subject_alt_name(host: &str) -> anyhow::Result<SanType> {
    Ok(match host.parse::<IpAddr>() {
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) => SanType::DnsName(host.try_into()?),
    })
}

/// "Entente development CA 1a2b3c4d": the digits come from the key, so the name is
/// the same each time the CA is opened, and tells two developers' CAs apart in a
/// trust store.
fn ca_name(key: &KeyPair) -> DistinguishedName {
    let digest =
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &key.subject_public_key_info());
    let id: String = digest.as_ref()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "Entente development");
    name.push(DnType::CommonName, format!("Entente development CA {id}"));
    name
}

fn read_ca(path: &Path, pem: &[u8]) -> anyhow::Result<CertificateDetails> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let der = CertificateDer::from_pem_slice(pem)
        .with_context(|| format!("{} holds no certificate", path.display()))?;
    CertificateDetails::read(&der).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// 127 random bits: browsers refuse two certificates of one issuer with one serial.
fn random_serial() -> anyhow::Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| anyhow::anyhow!("no randomness"))?;
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    Ok(SerialNumber::from_slice(&bytes))
}

fn at(unix: i64) -> anyhow::Result<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(unix).context("a date out of range")
}

/// Writes `bytes` to `path` whole: into a file aside with `mode`, synced, then renamed
/// over `path`, so a reader (the server's reload) never sees half a file.
fn write_whole(path: &Path, bytes: &[u8], mode: u32) -> anyhow::Result<()> {
    let write = || -> std::io::Result<()> {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let partial = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        match std::fs::remove_file(&partial) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        #[cfg(not(unix))]
        let _ = mode;
        let mut file = options.open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, path)
    };
    write().with_context(|| format!("writing {}", path.display()))
}

/// An exclusive lock on the folder's `.lock` file, held until dropped: two processes
/// opening an empty folder at once would otherwise make two CAs.
struct FolderLock {
    _file: std::fs::File,
}

impl FolderLock {
    fn take(dir: &Path) -> anyhow::Result<FolderLock> {
        crate::mail::create_private_dir(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(".lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        file.lock()
            .with_context(|| format!("locking {}", path.display()))?;
        Ok(FolderLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_checked_and_written_as_certificates_hold_them() {
        let hosts =
            host_list(&["ID.Contoso.test".into(), "[::1]".into(), "10.0.0.7".into()]).unwrap();
        assert_eq!(
            hosts,
            [
                "localhost",
                "127.0.0.1",
                "::1",
                "id.contoso.test",
                "10.0.0.7"
            ]
        );
        assert_eq!(host_list(&["*.dev.test".into()]).unwrap()[3], "*.dev.test");
        for bad in ["https://id.test", "id.test:8443", "a..b", "", "*", "a.*.b"] {
            assert!(host_list(&[bad.into()]).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_public_url_adds_its_host_unless_it_is_a_default_or_unspecified() {
        assert_eq!(
            public_url_host("https://ID.example.test:8443/").as_deref(),
            Some("id.example.test")
        );
        assert_eq!(public_url_host("https://127.0.0.1:8080"), None);
        assert_eq!(public_url_host("https://[::1]:8080"), None);
        assert_eq!(public_url_host("https://0.0.0.0:8080"), None);
        assert_eq!(
            public_url_host("https://[fd00::7]:8080").as_deref(),
            Some("fd00::7")
        );
    }
}
