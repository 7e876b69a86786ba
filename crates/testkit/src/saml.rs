//! SAML 2.0 software we did not write: pysaml2 (with Debian's xmlsec1) as a service
//! provider (`clients/saml/sp.py`) and as a partner's identity provider
//! (`clients/saml/idp.py`), driven one JSON command per run.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

/// pysaml2's version, pinned so a release cannot change what the tests check.
pub const PYSAML2: &str = "pysaml2==7.5.5";

/// One of the pysaml2 scripts with its base parameters: one JSON command per run.
struct Script {
    python: PathBuf,
    script: PathBuf,
    base: Value,
}

impl Script {
    /// `clients/saml/{name}` in pysaml2's virtual environment (made on first use), with
    /// a fresh work folder for its key and certificate.
    fn new(name: &str, mut base: Value) -> Script {
        crate::python::debian_program("/usr/bin/xmlsec1", "xmlsec1");
        let python = crate::python::venv_python("pysaml2-7.5.5", &[PYSAML2], "import saml2.client");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("clients/saml")
            .join(name);
        base["workdir"] = json!(
            crate::python::venv_parent()
                .join(format!("saml-{}", name.trim_end_matches(".py")))
                .join(uuid::Uuid::new_v4().simple().to_string())
        );
        Script {
            python,
            script,
            base,
        }
    }

    /// Runs a command with the base parameters plus `params`; the script's JSON answer.
    fn run(&self, command: &str, params: Value) -> Value {
        let mut input = self.base.clone();
        input["command"] = json!(command);
        if let (Some(input), Some(params)) = (input.as_object_mut(), params.as_object()) {
            for (k, v) in params {
                input.insert(k.clone(), v.clone());
            }
        }
        let name = self
            .script
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let output = Command::new(&self.python)
            .arg(&self.script)
            .arg(input.to_string())
            .output()
            .unwrap_or_else(|e| panic!("running {name}: {e}"));
        assert!(
            output.status.success(),
            "{name} {command} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{name} {command} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }
}

/// One service provider: its entity id, ACS and logout URLs, and a folder for its key.
pub struct ServiceProvider {
    script: Script,
}

impl ServiceProvider {
    /// A service provider `entity_id` whose ACS and SLO are under `base_url` (nothing
    /// needs to listen there: the tests carry the browser's posts by hand).
    pub fn new(entity_id: &str, base_url: &str) -> ServiceProvider {
        let base = json!({
            "entity_id": entity_id,
            "acs": format!("{base_url}/acs"),
            "slo": format!("{base_url}/slo"),
        });
        ServiceProvider {
            script: Script::new("sp.py", base),
        }
    }

    /// The service provider publishes an encryption key and decrypts with it.
    pub fn encrypting(mut self) -> ServiceProvider {
        self.script.base["encrypt"] = json!(true);
        self
    }

    pub fn acs(&self) -> String {
        self.script.base["acs"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn slo(&self) -> String {
        self.script.base["slo"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs a command with the base parameters plus `params`; the script's JSON answer.
    pub fn run(&self, command: &str, params: Value) -> Value {
        self.script.run(command, params)
    }
}

/// A partner's SAML identity provider: pysaml2's IdP through `clients/saml/idp.py`.
/// Nothing listens at its SSO URL: the test hands it the address the service
/// provider sent the browser to, as the IdP's sign-in page would receive it.
pub struct IdentityProvider {
    script: Script,
}

impl IdentityProvider {
    pub fn new(entity_id: &str, sso_url: &str) -> IdentityProvider {
        let base = json!({ "entity_id": entity_id, "sso_url": sso_url });
        IdentityProvider {
            script: Script::new("idp.py", base),
        }
    }

    /// Runs a command with the base parameters plus `params`; the script's JSON answer.
    pub fn run(&self, command: &str, params: Value) -> Value {
        self.script.run(command, params)
    }
}
