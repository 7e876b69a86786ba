//! Reading the served certificate chain and private key from their PEM files.
//!
//! The certificate file holds the server's certificate first, then any intermediates;
//! the key file one private key: PKCS#8 (`PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) or
//! PKCS#1 (`RSA PRIVATE KEY`). Whatever is wrong comes back as one [`PairError`] that
//! names the file and the fault, so a start refused for it, or a reload that keeps
//! the old pair, says in one line what to fix. Nothing here logs or keeps state.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use x509_cert::der::Decode;

/// The two files of a served certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What the two files held when they were read.
#[derive(Clone)]
pub struct PairBytes {
    cert: Vec<u8>,
    key: Vec<u8>,
}

/// A SHA-256 over what a read of the files gave (their contents, or why they could
/// not be read): the reload compares it to tell a change, without keeping a second
/// copy of the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

/// A certificate chain and its key, checked and ready to serve.
#[derive(Clone, Debug)]
pub struct LoadedPair {
    pub certified: Arc<CertifiedKey>,
    /// The server certificate's `notAfter`, in Unix seconds.
    pub not_after: i64,
    /// The server certificate's serial number, in hexadecimal.
    pub serial: String,
    /// The DNS names and IP addresses the server certificate is for.
    pub names: Vec<String>,
}

/// Why a pair of files cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    #[error("cannot read the TLS certificate file {}: {source}", path.display())]
    ReadCertificate {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the TLS key file {}: {source}", path.display())]
    ReadKey {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the TLS certificate file {} holds no certificate (a PEM block \"BEGIN CERTIFICATE\")", path.display())]
    NoCertificate { path: PathBuf },
    #[error("the TLS certificate file {} is not valid PEM: {detail}", path.display())]
    CertificatePem { path: PathBuf, detail: String },
    #[error("the first certificate in {} is not a valid X.509 certificate: {detail}", path.display())]
    Certificate { path: PathBuf, detail: String },
    #[error("the TLS key file {} holds no private key (a PEM block \"PRIVATE KEY\", \"EC PRIVATE KEY\" or \"RSA PRIVATE KEY\")", path.display())]
    NoKey { path: PathBuf },
    #[error("the TLS key file {} holds an encrypted key: store it unencrypted (openssl pkey -in FILE -out FILE), readable by the server's user only", path.display())]
    EncryptedKey { path: PathBuf },
    #[error("the TLS key file {} is not valid PEM: {detail}", path.display())]
    KeyPem { path: PathBuf, detail: String },
    #[error("the TLS key file {} holds a key that cannot be used: {detail}", path.display())]
    UnusableKey { path: PathBuf, detail: String },
    #[error("the key in {} does not match the certificate in {} (the certificate file must start with the server's own certificate, then its chain)", key.display(), cert.display())]
    KeyMismatch { cert: PathBuf, key: PathBuf },
}

/// The cryptography every TLS object of the program uses: AWS-LC, as for the rest.
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider())))
}

impl PairFiles {
    /// Reads both files as they are now.
    pub fn read(&self) -> Result<PairBytes, PairError> {
        let cert = std::fs::read(&self.cert).map_err(|source| PairError::ReadCertificate {
            path: self.cert.clone(),
            source,
        })?;
        let key = std::fs::read(&self.key).map_err(|source| PairError::ReadKey {
            path: self.key.clone(),
            source,
        })?;
        Ok(PairBytes { cert, key })
    }

    /// Reads and checks the pair.
    pub fn load(&self) -> Result<LoadedPair, PairError> {
        self.read()?.parse(self)
    }
}

impl PairBytes {
    pub fn fingerprint(&self) -> Fingerprint {
        let mut context = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
        // Lengths first, so no two different pairs hash the same concatenation.
        context.update(&(self.cert.len() as u64).to_be_bytes());
        context.update(&self.cert);
        context.update(&self.key);
        Fingerprint::from_digest(context.finish())
    }

    /// Checks the pair read from `files`: a certificate chain, a usable key, and the
    /// key belonging to the first certificate.
    pub fn parse(&self, files: &PairFiles) -> Result<LoadedPair, PairError> {
        let chain = CertificateDer::pem_slice_iter(&self.cert)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PairError::CertificatePem {
                path: files.cert.clone(),
                detail: e.to_string(),
            })?;
        let Some(leaf) = chain.first() else {
            return Err(PairError::NoCertificate {
                path: files.cert.clone(),
            });
        };
        let details = CertificateDetails::read(leaf).map_err(|detail| PairError::Certificate {
            path: files.cert.clone(),
            detail,
        })?;
        let key = self.private_key(&files.key)?;
        let certified =
            CertifiedKey::from_der(chain, key, &provider()).map_err(|error| match error {
                rustls::Error::InconsistentKeys(_) => PairError::KeyMismatch {
                    cert: files.cert.clone(),
                    key: files.key.clone(),
                },
                rustls::Error::General(detail) => PairError::UnusableKey {
                    path: files.key.clone(),
                    detail,
                },
                other => PairError::Certificate {
                    path: files.cert.clone(),
                    detail: other.to_string(),
                },
            })?;
        Ok(LoadedPair {
            certified: Arc::new(certified),
            not_after: details.not_after,
            serial: details.serial,
            names: details.names,
        })
    }

    fn private_key(&self, path: &Path) -> Result<PrivateKeyDer<'static>, PairError> {
        match PrivateKeyDer::from_pem_slice(&self.key) {
            Ok(key) => Ok(key),
            Err(rustls::pki_types::pem::Error::NoItemsFound) => {
                let text = String::from_utf8_lossy(&self.key);
                if text.contains("BEGIN ENCRYPTED PRIVATE KEY")
                    || text.contains("Proc-Type: 4,ENCRYPTED")
                {
                    Err(PairError::EncryptedKey {
                        path: path.to_owned(),
                    })
                } else {
                    Err(PairError::NoKey {
                        path: path.to_owned(),
                    })
                }
            }
            Err(e) => Err(PairError::KeyPem {
                path: path.to_owned(),
                detail: e.to_string(),
            }),
        }
    }
}

impl Fingerprint {
    /// The fingerprint of a read that failed: the same failure reads the same, so it
    /// is tried (and reported) once, not at every look.
    pub fn of_failure(error: &PairError) -> Fingerprint {
        let digest = aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA256,
            format!("unreadable: {error}").as_bytes(),
        );
        Fingerprint::from_digest(digest)
    }

    fn from_digest(digest: aws_lc_rs::digest::Digest) -> Fingerprint {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(digest.as_ref());
        Fingerprint(bytes)
    }
}

/// What the program reads out of a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateDetails {
    /// `notAfter`, Unix seconds.
    pub not_after: i64,
    /// The serial number in hexadecimal.
    pub serial: String,
    /// The DNS names and IP addresses of its subject alternative names.
    pub names: Vec<String>,
    /// The DER of its subject and issuer names.
    pub subject: Vec<u8>,
    pub issuer: Vec<u8>,
    /// The DER of its subject public key info.
    pub public_key: Vec<u8>,
}

impl CertificateDetails {
    /// Reads a DER certificate; the error says what is wrong with it.
    pub fn read(der: &[u8]) -> Result<CertificateDetails, String> {
        use x509_cert::der::Encode;
        let certificate = x509_cert::Certificate::from_der(der).map_err(|e| e.to_string())?;
        let tbs = &certificate.tbs_certificate;
        let not_after = i64::try_from(tbs.validity.not_after.to_unix_duration().as_secs())
            .map_err(|_| "its notAfter is out of range".to_owned())?;
        let serial = tbs
            .serial_number
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let names = match tbs.get::<x509_cert::ext::pkix::SubjectAltName>() {
            Ok(Some((_, names))) => names.0.iter().filter_map(general_name).collect(),
            Ok(None) => Vec::new(),
            Err(e) => return Err(format!("its subject alternative names: {e}")),
        };
        Ok(CertificateDetails {
            not_after,
            serial,
            names,
            subject: tbs.subject.to_der().map_err(|e| e.to_string())?,
            issuer: tbs.issuer.to_der().map_err(|e| e.to_string())?,
            public_key: tbs
                .subject_public_key_info
                .to_der()
                .map_err(|e| e.to_string())?,
        })
    }
}

/// A DNS name or IP address of a subject alternative name, as text.
fn general_name(name: &x509_cert::ext::pkix::name::GeneralName) -> Option<String> {
    use x509_cert::ext::pkix::name::GeneralName;
    match name {
        GeneralName::DnsName(dns) => Some(dns.to_string()),
        GeneralName::IpAddress(octets) => match octets.as_bytes().len() {
            4 => <[u8; 4]>::try_from(octets.as_bytes())
                .ok()
                .map(|b| std::net::IpAddr::from(b).to_string()),
            16 => <[u8; 16]>::try_from(octets.as_bytes())
                .ok()
                .map(|b| std::net::IpAddr::from(b).to_string()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> PairFiles {
        PairFiles {
            cert: "/etc/entente/cert.pem".into(),
            key: "/etc/entente/key.pem".into(),
        }
    }

    fn pair(cert: &str, key: &str) -> PairBytes {
        PairBytes {
            cert: cert.as_bytes().to_vec(),
            key: key.as_bytes().to_vec(),
        }
    }

    /// A certificate and key of their own, made as `entente dev-cert` makes them.
    fn issued() -> (String, String) {
        let key = rcgen::KeyPair::generate().expect("a key");
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .expect("params")
            .self_signed(&key)
            .expect("a certificate");
        (cert.pem(), key.serialize_pem())
    }

    fn error(bytes: &PairBytes) -> String {
        match bytes.parse(&files()) {
            Ok(_) => panic!("the pair was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_good_pair_loads_with_its_expiry_serial_and_names() {
        let (cert, key) = issued();
        let loaded = pair(&cert, &key).parse(&files()).expect("a good pair");
        assert_eq!(loaded.names, ["localhost"]);
        assert!(!loaded.serial.is_empty());
        assert_eq!(loaded.certified.cert.len(), 1);
        assert!(
            loaded.not_after > 4_000_000_000,
            "rcgen's default is year 4096"
        );
    }

    #[test]
    fn each_fault_is_named_with_its_file() {
        let (cert, key) = issued();
        let (_, other_key) = issued();
        assert_eq!(
            error(&pair("hello\n", &key)),
            "the TLS certificate file /etc/entente/cert.pem holds no certificate (a PEM block \"BEGIN CERTIFICATE\")"
        );
        let half = &cert[..cert.len() / 2];
        assert!(
            error(&pair(half, &key))
                .starts_with("the TLS certificate file /etc/entente/cert.pem is not valid PEM"),
            "{}",
            error(&pair(half, &key))
        );
        assert_eq!(
            error(&pair(&cert, &cert)),
            "the TLS key file /etc/entente/key.pem holds no private key (a PEM block \"PRIVATE KEY\", \"EC PRIVATE KEY\" or \"RSA PRIVATE KEY\")"
        );
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(
            error(&pair(&cert, encrypted))
                .starts_with("the TLS key file /etc/entente/key.pem holds an encrypted key"),
            "{}",
            error(&pair(&cert, encrypted))
        );
        assert_eq!(
            error(&pair(&cert, &other_key)),
            "the key in /etc/entente/key.pem does not match the certificate in /etc/entente/cert.pem (the certificate file must start with the server's own certificate, then its chain)"
        );
    }

    #[test]
    fn a_fingerprint_changes_with_either_file() {
        let (cert, key) = issued();
        let (_, other_key) = issued();
        let original = pair(&cert, &key).fingerprint();
        assert_eq!(original, pair(&cert, &key).fingerprint());
        assert_ne!(original, pair(&cert, &other_key).fingerprint());
        // The boundary between the files counts: moving bytes across it is a change.
        assert_ne!(pair("ab", "c").fingerprint(), pair("a", "bc").fingerprint());
    }
}
