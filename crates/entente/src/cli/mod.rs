//! The command line: `serve` and `bootstrap` run the server side; the admin commands
//! (`login`, `users`, `groups`, `apps`, ...) talk to a running server's `/v1.0` API
//! over HTTP, as any other API client would.
//!
//! This module holds the clap tree and dispatch only. The admin commands never open
//! the database: everything they do goes through the API, so they obey the same
//! permissions and leave the same audit trail as any other client.
//!
//! * `session`: which server, tenant and token a command uses; `login`, `logout`, `whoami`.
//! * `signin`: getting a token (client credentials, device code).
//! * `credentials`: the file that keeps the token between commands.
//! * `client`: HTTP and JSON, Graph errors, paging.
//! * `admin`: the directory commands and what they print.
//! * `invite`: inviting partner users, one or a CSV file of them.
//! * `cross_tenant`: the cross-tenant access settings (default, partners) and `explain`.
//! * `table`: aligned text for people.
//! * `backup`: `backup` and `restore` of a SQLite deployment (these open the database
//!   file, as `serve` does).
//! * `dev_cert`: `dev-cert`, a development CA and server certificate for https on a
//!   developer's machine, and how to trust them.

mod admin;
pub mod backup;
mod client;
mod credentials;
mod cross_tenant;
mod dev_cert;
mod invite;
mod reviews;
mod session;
mod signin;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use entente_domain::setup::{BootstrapOutcome, NewTenant};

use crate::config::{ConfigArgs, LogFormat};
use crate::server;

#[derive(Debug, Parser)]
#[command(
    name = "entente",
    version,
    about = "Entente: B2B collaboration identity platform"
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the admin commands connect, and how they print. Given before the command
/// (`entente --tenant contoso users list`), or after it through [`ConnectionFlags`].
#[derive(Clone, Debug, Default, Args)]
pub struct ConnectionArgs {
    /// The server's base URL [default: the signed-in server, else http://127.0.0.1:8080].
    #[arg(long, env = "ENTENTE_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// The tenant, by id or domain [default: the signed-in tenant].
    #[arg(long, env = "ENTENTE_TENANT", value_name = "ID-OR-DOMAIN")]
    pub tenant: Option<String>,
    /// Output format of the admin commands [default: table].
    #[arg(long, value_enum)]
    pub output: Option<Output>,
    /// The credentials file [default: $XDG_CONFIG_HOME/entente/credentials.json, or
    /// ~/.config/entente/credentials.json].
    #[arg(long, env = "ENTENTE_CREDENTIALS", value_name = "FILE")]
    pub credentials: Option<PathBuf>,
}

/// The connection options again, accepted anywhere after an admin command
/// (`entente users list --output json`). They cannot be global on [`Cli`] because
/// `bootstrap` has a `--tenant` of its own; these read no environment, so a flag
/// here always beats the environment read by [`ConnectionArgs`].
#[derive(Clone, Debug, Default, Args)]
pub struct ConnectionFlags {
    /// The server's base URL [default: the signed-in server, else http://127.0.0.1:8080].
    #[arg(long = "server", global = true, value_name = "URL")]
    pub server: Option<String>,
    /// The tenant, by id or domain [default: the signed-in tenant].
    #[arg(long = "tenant", global = true, value_name = "ID-OR-DOMAIN")]
    pub tenant: Option<String>,
    /// Output format [default: table].
    #[arg(long = "output", global = true, value_enum)]
    pub output: Option<Output>,
    /// The credentials file.
    #[arg(long = "credentials", global = true, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
}

impl ConnectionArgs {
    /// These options with the flags given after the command laid over them.
    fn with(self, flags: ConnectionFlags) -> ConnectionArgs {
        ConnectionArgs {
            server: flags.server.or(self.server),
            tenant: flags.tenant.or(self.tenant),
            output: flags.output.or(self.output),
            credentials: flags.credentials.or(self.credentials),
        }
    }
}

/// How the admin commands print: aligned tables for people, or the API's JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    #[default]
    Table,
    Json,
}

/// The tenant `bootstrap` and `create-tenant` make.
#[derive(Debug, Args)]
pub struct NewTenantArgs {
    /// The tenant's display name.
    #[arg(long)]
    tenant: String,
    /// The administrator's email address.
    #[arg(long)]
    admin_email: String,
    /// The administrator's name [default: the local part of the address].
    #[arg(long)]
    admin_name: Option<String>,
    /// A file holding the administrator's password.
    #[arg(long)]
    admin_password_file: PathBuf,
}

impl NewTenantArgs {
    fn request(self) -> anyhow::Result<NewTenant> {
        let password = std::fs::read_to_string(&self.admin_password_file)
            .with_context(|| format!("reading {}", self.admin_password_file.display()))?;
        Ok(NewTenant {
            tenant_name: self.tenant,
            admin_email: self.admin_email,
            admin_password: password.trim_end_matches(['\r', '\n']).to_owned(),
            admin_display_name: self.admin_name,
        })
    }
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
        #[command(flatten)]
        tenant: NewTenantArgs,
    },
    /// Create another tenant, with its administrator and an API application, on the
    /// server's database (as bootstrap does for the first), then print them as JSON.
    CreateTenant {
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        tenant: NewTenantArgs,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs
    /// (on PostgreSQL, use pg_dump or PITR). Keep the master key beside it.
    Backup {
        #[command(flatten)]
        config: ConfigArgs,
        /// Where the backup goes; written aside and renamed, so it is always whole.
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put the backup FILE in place as the deployment's SQLite database, once checked.
    /// The server must be stopped.
    Restore {
        #[command(flatten)]
        config: ConfigArgs,
        /// A file written by `entente backup`.
        file: PathBuf,
        /// Replace an existing database (never one a running server holds).
        #[arg(long)]
        force: bool,
    },
    /// Make a development CA (once) and a server certificate for localhost, 127.0.0.1
    /// and ::1 in <data-dir>/tls/, then print how to serve https with them and how to
    /// make clients trust the CA. Not for production.
    DevCert {
        #[command(flatten)]
        config: ConfigArgs,
        /// Another DNS name or IP address the certificate is for; repeat for several.
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
    },
    /// Sign in to a tenant and keep the token for the next commands.
    Login {
        #[command(flatten)]
        how: LoginArgs,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Forget the stored sign-in.
    Logout {
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Show the signed-in server, tenant and when the token expires.
    Whoami {
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// The tenant itself.
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Users of the tenant.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Security groups and their members.
    Groups {
        #[command(subcommand)]
        command: GroupsCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Application registrations and their client secrets.
    Apps {
        #[command(subcommand)]
        command: AppsCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Which users may use which applications (app role assignments).
    Assignments {
        #[command(subcommand)]
        command: AssignmentsCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// The directory audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Invite partner users as guests: one by address, or many from a CSV file.
    Invite {
        #[command(flatten)]
        args: InviteArgs,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Cross-tenant access settings: who of which partner may come in, who of this
    /// tenant may go out, and why a person is refused.
    CrossTenant {
        #[command(subcommand)]
        command: cross_tenant::CrossTenantCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Other organizations' applications this tenant added (service principals):
    /// list, show, add one by its client id (an administrator's consent), remove.
    ServicePrincipals {
        #[command(subcommand)]
        command: ServicePrincipalsCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
    /// Access reviews: list, show, create from a Graph body, stop, delete; an
    /// occurrence's decisions, ended now or applied.
    Reviews {
        #[command(subcommand)]
        command: reviews::ReviewsCommand,
        #[command(flatten)]
        connection: ConnectionFlags,
    },
}

/// Whom `invite` invites: `EMAIL` (with `--name`, `--redirect`, `--language`,
/// `--message`; the invitation email is sent unless `--no-send`, as the portal's
/// form does), or every row of `--csv FILE` (in the format of the bulk invitation
/// API).
#[derive(Clone, Debug, Args)]
#[command(group(clap::ArgGroup::new("whom").required(true).args(["email", "csv"])))]
pub struct InviteArgs {
    /// The address to invite.
    pub email: Option<String>,
    /// The guest's display name.
    #[arg(long, requires = "email")]
    pub name: Option<String>,
    /// Where the guest lands after accepting (https, or http on localhost).
    #[arg(long, value_name = "URL", requires = "email")]
    pub redirect: Option<String>,
    /// The language of the invitation email and redemption pages (en, de, es, fr,
    /// it, ja, ko, pt-BR, ru, zh-HANS, zh-HANT, nl); en when not given.
    #[arg(long, value_name = "TAG", requires = "email")]
    pub language: Option<String>,
    /// A personal message placed in the invitation email.
    #[arg(long, value_name = "TEXT", requires = "email")]
    pub message: Option<String>,
    /// Make the guest and the link without sending the invitation email.
    #[arg(long, requires = "email", conflicts_with = "send")]
    pub no_send: bool,
    /// Send the invitation email (the default; kept for scripts that pass it).
    #[arg(long, requires = "email", hide = true)]
    pub send: bool,
    /// A CSV file of invitations: previewed, confirmed, then reported row by row.
    #[arg(long, value_name = "FILE", conflicts_with = "email")]
    pub csv: Option<PathBuf>,
    /// Confirm without asking (needed when standard input is not a terminal).
    #[arg(long, short = 'y', requires = "csv")]
    pub yes: bool,
    /// Save the server's result file (one line per input row) here.
    #[arg(long, value_name = "FILE", requires = "csv")]
    pub result: Option<PathBuf>,
}

/// How `login` gets a token: an application's credentials, or a person's sign-in
/// in a browser (device code). Exactly one.
#[derive(Clone, Debug, Args)]
#[group(skip)]
pub struct LoginArgs {
    /// The application (client) id, for the client credentials grant.
    #[arg(
        long,
        required_unless_present = "device",
        requires = "client_secret_file"
    )]
    pub client_id: Option<String>,
    /// A file holding the application's client secret.
    #[arg(long, requires = "client_id", value_name = "FILE")]
    pub client_secret_file: Option<PathBuf>,
    /// Sign in as a person in a browser, with a code shown here (RFC 8628).
    #[arg(long, conflicts_with_all = ["client_id", "client_secret_file"])]
    pub device: bool,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Show the tenant's id, issuer and endpoints, from its OpenID configuration.
    Show,
}

/// Paging of a collection.
#[derive(Clone, Debug, Args)]
pub struct PageArgs {
    /// Page size (1 to 999).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=999))]
    pub top: Option<u32>,
    /// Fetch every page, not only the first.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// List users.
    List {
        /// An OData filter: `mail eq '...'`, `startswith(displayName,'...')` or `userType eq 'Guest'`.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one user.
    Get { id: String },
    /// Create a member user.
    Create {
        #[arg(long)]
        display_name: String,
        /// The sign-in name, in one of the tenant's domains.
        #[arg(long)]
        upn: String,
        #[arg(long)]
        mail: Option<String>,
        /// A file holding the initial password [default: no password].
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Change a user's display name or whether it may sign in.
    #[command(group(clap::ArgGroup::new("changes").required(true).multiple(true)))]
    Update {
        id: String,
        #[arg(long, group = "changes")]
        display_name: Option<String>,
        /// false ends the user's sessions and refresh tokens.
        #[arg(long, group = "changes", value_name = "true|false")]
        enabled: Option<bool>,
    },
    /// Block sign-in (ends the user's sessions and refresh tokens).
    Disable { id: String },
    /// Delete a user.
    Delete { id: String },
    /// Who answers for a user (a guest, mostly): member users and groups.
    Sponsors {
        #[command(subcommand)]
        command: SponsorsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum SponsorsCommand {
    /// List a user's sponsors.
    List { user: String },
    /// Make a member user or a group (by object id) a sponsor of a user.
    Add { user: String, sponsor: String },
    /// End a sponsorship.
    Remove { user: String, sponsor: String },
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// List groups.
    List {
        /// An OData filter: `startswith(displayName,'...')`.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one group.
    Get { id: String },
    /// Create a security group.
    Create {
        #[arg(long)]
        display_name: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a group.
    Delete { id: String },
    /// The members of a group.
    Members {
        #[command(subcommand)]
        command: MembersCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// List a group's members.
    List {
        group: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Add a user to a group.
    Add { group: String, user: String },
    /// Remove a user from a group.
    Remove { group: String, user: String },
}

#[derive(Debug, Subcommand)]
pub enum AppsCommand {
    /// List application registrations.
    List {
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one application, by object id.
    Get { id: String },
    /// Register an application.
    Create {
        #[arg(long)]
        display_name: String,
        /// A redirect URI; repeat for several.
        #[arg(long = "redirect-uri", value_name = "URI")]
        redirect_uris: Vec<String>,
        /// A public client (native or single-page: PKCE, no secret) rather than a
        /// confidential one.
        #[arg(long)]
        public: bool,
        /// Open to other organizations of this deployment, each once its
        /// administrator consents (signInAudience AzureADMultipleOrgs).
        #[arg(long)]
        multiple_orgs: bool,
    },
    /// Delete an application.
    Delete { id: String },
    /// Add a client secret and print it, once.
    AddSecret {
        app: String,
        /// A name to recognize the secret by.
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Remove a client secret, by its key id.
    RemoveSecret { app: String, key_id: String },
    /// Register a certificate (PEM or DER file) whose key signs the application's
    /// client assertions (MSAL's and azure-identity's certificate credentials).
    AddCertificate {
        app: String,
        /// The certificate file: PEM (`-----BEGIN CERTIFICATE-----`) or DER (`.cer`).
        #[arg(long, value_name = "FILE")]
        file: std::path::PathBuf,
        /// A name to recognize the certificate by [default: its subject].
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Remove a certificate, by its key id.
    RemoveCertificate { app: String, key_id: String },
}

#[derive(Debug, Subcommand)]
pub enum ServicePrincipalsCommand {
    /// List them.
    List {
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one, by its id.
    Get { id: String },
    /// Add another organization's application to this tenant, by its client id: the
    /// consent an administrator gives (`az ad sp create --id`).
    Add {
        #[arg(long, value_name = "CLIENT_ID")]
        app_id: String,
    },
    /// Remove one: the application's access here ends, with the roles given in it.
    Remove { id: String },
}

#[derive(Debug, Subcommand)]
pub enum AssignmentsCommand {
    /// List a user's app role assignments.
    List {
        #[arg(long)]
        user: String,
    },
    /// Let a user use an application (with a role, or the default access).
    Add {
        #[arg(long)]
        user: String,
        /// The application's object id.
        #[arg(long, value_name = "APP_OBJECT_ID")]
        app: String,
        /// An app role id [default: the default access, all zeros].
        #[arg(long, value_name = "ROLE_ID")]
        role: Option<String>,
    },
    /// Take an assignment away from a user.
    Remove {
        #[arg(long)]
        user: String,
        assignment_id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List audit entries, newest first.
    List {
        #[command(flatten)]
        page: PageArgs,
    },
}

/// A mistake in how the command was called, found after parsing (such as a tenant
/// that neither a flag nor the environment names). Exits with 2, as clap's own
/// usage errors do, so scripts can tell them from failures of the server.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The exit code for a failed command: 2 for usage errors, 1 for everything else.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    if error.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { config } => {
            let config = config.resolve()?;
            init_logging(config.log_format);
            let running = server::start(&config).await?;
            running.run_until_signal().await
        }
        Command::Bootstrap { config, tenant } => {
            let config = config.resolve()?;
            init_logging(config.log_format);
            let request = tenant.request()?;
            let store = server::open_store(&config).await?;
            let services = server::services(&config, store).await?;
            let outcome = entente_domain::setup::bootstrap(&services, request, entente_http::now())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"));
            services.store.close().await;
            match outcome? {
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
        Command::CreateTenant { config, tenant } => {
            let config = config.resolve()?;
            init_logging(config.log_format);
            let request = tenant.request()?;
            let store = server::open_store(&config).await?;
            let services = server::services(&config, store).await?;
            let created =
                entente_domain::setup::create_tenant(&services, request, entente_http::now())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"));
            services.store.close().await;
            println!("{}", serde_json::to_string_pretty(&created?)?);
            Ok(())
        }
        Command::Backup {
            config,
            file,
            force,
        } => backup::backup_command(config.resolve()?, file, force).await,
        Command::Restore {
            config,
            file,
            force,
        } => backup::restore_command(config.resolve()?, file, force).await,
        Command::DevCert { config, hosts } => dev_cert::dev_cert_command(config.resolve()?, hosts),
        Command::Login { how, connection } => {
            session(cli.connection.with(connection))?.login(how).await
        }
        Command::Logout { connection } => session(cli.connection.with(connection))?.logout(),
        Command::Whoami { connection } => session(cli.connection.with(connection))?.whoami().await,
        Command::Tenant {
            command: TenantCommand::Show,
            connection,
        } => admin::tenant_show(&session(cli.connection.with(connection))?).await,
        Command::Users {
            command,
            connection,
        } => admin::users(&session(cli.connection.with(connection))?, command).await,
        Command::Groups {
            command,
            connection,
        } => admin::groups(&session(cli.connection.with(connection))?, command).await,
        Command::Apps {
            command,
            connection,
        } => admin::apps(&session(cli.connection.with(connection))?, command).await,
        Command::Assignments {
            command,
            connection,
        } => admin::assignments(&session(cli.connection.with(connection))?, command).await,
        Command::Audit {
            command: AuditCommand::List { page },
            connection,
        } => admin::audit(&session(cli.connection.with(connection))?, page).await,
        Command::Invite { args, connection } => {
            invite::invite(&session(cli.connection.with(connection))?, args).await
        }
        Command::CrossTenant {
            command,
            connection,
        } => cross_tenant::cross_tenant(&session(cli.connection.with(connection))?, command).await,
        Command::ServicePrincipals {
            command,
            connection,
        } => admin::service_principals(&session(cli.connection.with(connection))?, command).await,
        Command::Reviews {
            command,
            connection,
        } => reviews::reviews(&session(cli.connection.with(connection))?, command).await,
    }
}

/// The session of an admin command, from its options and the process environment.
fn session(connection: ConnectionArgs) -> anyhow::Result<session::Session> {
    let environment = session::Environment {
        client_id: std::env::var("ENTENTE_CLIENT_ID").ok(),
        client_secret: std::env::var("ENTENTE_CLIENT_SECRET").ok(),
        xdg_config_home: std::env::var_os("XDG_CONFIG_HOME"),
        home: std::env::var_os("HOME"),
    };
    session::Session::new(connection, environment)
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(args: &[&str]) -> Cli {
        match Cli::try_parse_from(std::iter::once("entente").chain(args.iter().copied())) {
            Ok(cli) => cli,
            Err(e) => panic!("{args:?}: {e}"),
        }
    }

    #[test]
    fn the_command_tree_is_consistent() {
        // Catches clashing flags, such as a global --tenant meeting bootstrap's own.
        Cli::command().debug_assert();
    }

    #[test]
    fn connection_options_work_before_and_after_the_command() {
        let before = parse(&["--tenant", "a", "--output", "json", "users", "list"]);
        let after = parse(&["users", "list", "--tenant", "b", "--output", "json"]);
        for (cli, tenant) in [(before, "a"), (after, "b")] {
            let Command::Users { connection, .. } = cli.command else {
                panic!("not users");
            };
            let merged = cli.connection.with(connection);
            assert_eq!(merged.tenant.as_deref(), Some(tenant));
            assert_eq!(merged.output, Some(Output::Json));
        }
        // A flag after the command beats one before it.
        let both = parse(&["--tenant", "a", "groups", "--tenant", "b", "list"]);
        let Command::Groups { connection, .. } = both.command else {
            panic!("not groups");
        };
        assert_eq!(
            both.connection.with(connection).tenant.as_deref(),
            Some("b")
        );
    }

    #[test]
    fn login_takes_exactly_one_method_and_bootstrap_keeps_its_tenant() {
        let usage = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("entente").chain(args.iter().copied()))
                .err()
                .map(|e| e.exit_code())
        };
        assert_eq!(usage(&["login"]), Some(2));
        assert_eq!(usage(&["login", "--device", "--client-id", "x"]), Some(2));
        assert_eq!(usage(&["login", "--client-id", "x"]), Some(2));
        assert_eq!(usage(&["login", "--device"]), None);
        assert_eq!(
            usage(&["login", "--client-id", "x", "--client-secret-file", "f"]),
            None
        );
        let cli = parse(&[
            "bootstrap",
            "--tenant",
            "Contoso",
            "--admin-email",
            "a@b.c",
            "--admin-password-file",
            "p",
        ]);
        assert!(
            matches!(cli.command, Command::Bootstrap { tenant, .. } if tenant.tenant == "Contoso")
        );
    }
}
