//! The command line: `serve`, `bootstrap`, and the admin subcommands.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use entente_domain::setup::{BootstrapOutcome, FirstTenant};

use crate::config::{ConfigArgs, LogFormat};
use crate::server;

#[derive(Debug, Parser)]
#[command(
    name = "entente",
    version,
    about = "Entente: B2B collaboration identity platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Create the first tenant, its administrator and an API application, then print
    /// them as JSON. Does nothing on a deployment that already has a tenant.
    Bootstrap {
        #[command(flatten)]
        config: ConfigArgs,
        /// The first tenant's display name.
        #[arg(long)]
        tenant: String,
        /// The administrator's email address.
        #[arg(long)]
        admin_email: String,
        /// A file holding the administrator's password.
        #[arg(long)]
        admin_password_file: PathBuf,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { config } => {
            let config = config.resolve()?;
            init_logging(config.log_format);
            let running = server::start(&config).await?;
            running.run_until_signal().await
        }
        Command::Bootstrap {
            config,
            tenant,
            admin_email,
            admin_password_file,
        } => {
            let config = config.resolve()?;
            init_logging(config.log_format);
            let password = std::fs::read_to_string(&admin_password_file)
                .with_context(|| format!("reading {}", admin_password_file.display()))?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let store = server::open_store(&config).await?;
            let services = server::services(&config, store).await?;
            let request = FirstTenant {
                tenant_name: tenant,
                admin_email,
                admin_password: password,
            };
            let outcome = entente_domain::setup::bootstrap(&services, request, entente_http::now())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            services.store.close().await;
            match outcome {
                BootstrapOutcome::Created(created) => {
                    println!("{}", serde_json::to_string_pretty(&created)?);
                    Ok(())
                }
                BootstrapOutcome::AlreadyBootstrapped => {
                    eprintln!("this deployment is already bootstrapped: nothing was changed");
                    Ok(())
                }
            }
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}
