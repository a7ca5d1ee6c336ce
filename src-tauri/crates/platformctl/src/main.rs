//! `platformctl`: Platform Builder without a window, for scripts and pipelines. It
//! works on the app's own database (safe while the app runs: SQLite WAL with a busy
//! timeout) and the same OS keyring entries. See docs/platformctl.md.

mod history;
mod output;
mod run;
mod sweep;
mod trust;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use pb_registry::definitions::{self, SecretTarget};
use pb_registry::Registry;
use pb_secrets::{KeyringStore, Sensitive, APP_KEYRING_SERVICE};

use output::{Exit, Failure};

const EXAMPLES: &str = "Examples:
  platformctl import definitions/ --dry-run     show what would change
  platformctl import definitions/               apply it (all or nothing)
  platformctl export --out definitions/         write every platform as files
  platformctl export --format meshstack --out tf/  Terraform for the meshStack provider
  printf %s \"$TOKEN\" | platformctl credential set event-streaming-eu/prod
  platformctl check event-streaming-eu/prod     staged connection test
  platformctl validate event-streaming-eu/prod --junit report.xml
  platformctl test --all --concurrency 16 --json
  platformctl test --all --changed-only        from cron: quiet unless health changed
  platformctl sweep event-streaming-eu/prod      list validation leftovers
  platformctl sweep event-streaming-eu/prod --yes   and delete them
  platformctl trust list                         local programs and their trust
  platformctl trust add POSTGRES-TEAM           trust one type's exec connector
  platformctl docs event-streaming-eu --format html --out event-streaming-eu.html
  platformctl history event-streaming-eu         who changed what, newest first
  platformctl history --from 2026-12-01 --jsonl > changes.jsonl

Exit codes:
  0  success
  1  a connection test or validation ran and failed, or a sweep did not list or
     delete everything; with test --all --changed-only: an instance went down
     since its previous test (a recovery, or a failure that lasts, exits 0)
  2  invalid input: arguments, definition files, an unknown platform or instance
  3  a platform could not be reached (DNS, TCP or TLS failed)
  4  the database or the keyring could not be used";

#[derive(Parser)]
#[command(name = "platformctl", version, about = "Platform Builder from the command line: import, export, check and validate platforms", after_help = EXAMPLES)]
struct Cli {
    /// Where the app keeps its database (the app's own by default).
    #[arg(long, env = "PB_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Platforms and their instances, with each instance's last test.
    List,
    /// One platform: its details and instances (secrets only as "configured").
    Show { platform: String },
    /// Import definition files or folders: everything is checked first, then
    /// applied in one transaction, or nothing is.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print what would be created, changed or left alone; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Trust, on this machine, the local programs of the exec connectors this
        /// import writes (without it they refuse to run until `trust add`).
        #[arg(long)]
        trust_exec: bool,
    },
    /// Write platforms as definition files (secrets as references, never values).
    Export {
        /// Only this platform (its identifier) and its type.
        #[arg(long)]
        platform: Option<String>,
        /// `definitions` (Platform Builder's own files, to import again) or
        /// `meshstack` (Terraform for the meshStack provider; needs --out).
        #[arg(long, value_enum, default_value_t = ExportFormat::Definitions)]
        format: ExportFormat,
        /// Folder to write to; without it the files are printed.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Store secrets in the OS keyring.
    #[command(subcommand)]
    Credential(CredentialCommand),
    /// The staged connection test of one instance (PLATFORM/INSTANCE).
    Check {
        instance: String,
        /// Also write the result as a JUnit XML file.
        #[arg(long)]
        junit: Option<PathBuf>,
    },
    /// The validation suite of one instance (PLATFORM/INSTANCE).
    Validate {
        instance: String,
        #[arg(long)]
        junit: Option<PathBuf>,
    },
    /// Validation leftovers of one instance (PLATFORM/INSTANCE): tenants named by
    /// the validation convention that a killed or failed run left behind. Lists
    /// them; deletes them only with --yes. No other tenant is ever touched.
    Sweep {
        instance: String,
        /// Delete the leftovers listed (without it, nothing is changed).
        #[arg(long)]
        yes: bool,
    },
    /// Connection tests of many instances at once.
    Test {
        /// Every instance of every platform.
        #[arg(long, required = true)]
        all: bool,
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
        concurrency: u16,
        #[arg(long)]
        junit: Option<PathBuf>,
        /// Print only the instances whose health changed since their previous
        /// connection test (went down, came back); exit 1 only when one went down.
        #[arg(long)]
        changed_only: bool,
    },
    /// Documentation of a platform for application teams (Markdown or HTML).
    Docs {
        platform: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: DocsFormat,
        /// File to write; without it the documentation is printed.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Which local programs (exec connectors) this machine trusts to run.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// The change history: every change to platform types, connectors, platforms,
    /// instances, settings and credentials (never a secret), newest first.
    History {
        /// Only this platform (its identifier) and its instances.
        platform: Option<String>,
        /// Only records of this kind: platform_type, custom_fields, connector,
        /// platform, instance, validation_settings, tag_definition, credential,
        /// trusted_command.
        #[arg(long)]
        kind: Option<String>,
        /// Only records whose name or key contains this text.
        #[arg(long)]
        record: Option<String>,
        /// From this day (YYYY-MM-DD, UTC), inclusive.
        #[arg(long)]
        from: Option<String>,
        /// Up to this day, inclusive.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=10000))]
        limit: u32,
        /// Every matching change as JSON lines, oldest first (an export; --limit
        /// does not apply).
        #[arg(long)]
        jsonl: bool,
    },
    /// Shell completions, e.g. `platformctl completions bash > /etc/bash_completion.d/platformctl`.
    Completions { shell: clap_complete::Shell },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Definitions,
    Meshstack,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DocsFormat {
    Markdown,
    Html,
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Every type that runs a local program, with its command, SHA-256 and trust.
    List,
    /// Trust the program PLATFORM_TYPE's connector runs, as it is now.
    Add { platform_type: String },
    /// Withdraw that trust.
    Remove { platform_type: String },
}

#[derive(Subcommand)]
enum CredentialCommand {
    /// Reads the secret from stdin (piped) or a prompt, never from the command
    /// line, where other local users could read it.
    Set {
        /// PLATFORM/INSTANCE
        instance: String,
        /// A secret custom field of the instance instead of its credential.
        #[arg(long)]
        field: Option<String>,
    },
}

pub(crate) struct Context {
    pub registry: Registry,
    pub secrets: KeyringStore,
    pub json: bool,
}

fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    given
        .or_else(|| dirs::data_dir().map(|d| d.join(APP_KEYRING_SERVICE)))
        .ok_or_else(|| {
            Failure::new(
                Exit::Unusable,
                "cannot tell where the app keeps its data; pass --data-dir",
            )
        })
}

fn open(cli: &Cli) -> Result<Context, Failure> {
    let dir = data_dir(cli.data_dir.clone())?;
    let registry = Registry::open(&dir.join("registry.db")).map_err(|e| {
        Failure::new(
            Exit::Unusable,
            format!("cannot open the database in {}: {e}", dir.display()),
        )
    })?;
    registry.set_via(pb_registry::pb_change_history::Via::Platformctl);
    let timeout = std::env::var("PB_KEYRING_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    Ok(Context {
        registry,
        secrets: KeyringStore::new(APP_KEYRING_SERVICE, std::time::Duration::from_secs(timeout)),
        json: cli.json,
    })
}

/// The secret from stdin when it is piped, else from a prompt that does not echo.
fn read_secret() -> Result<Sensitive<String>, Failure> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Secret: ")
            .map_err(|e| Failure::new(Exit::Invalid, format!("cannot read the secret: {e}")))?
    } else {
        let mut text = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| {
                Failure::new(
                    Exit::Invalid,
                    format!("cannot read the secret from stdin: {e}"),
                )
            })?;
        // `echo "$TOKEN" |` adds a newline that is not part of the secret.
        pb_secrets::without_final_newline(&text).to_owned()
    };
    Ok(text.into())
}

fn execute(cli: Cli) -> Result<Exit, Failure> {
    if let Command::Completions { shell } = &cli.command {
        clap_complete::generate(
            *shell,
            &mut Cli::command(),
            "platformctl",
            &mut std::io::stdout(),
        );
        return Ok(Exit::Ok);
    }
    let ctx = open(&cli)?;
    match cli.command {
        Command::List => output::list(&ctx),
        Command::Show { platform } => output::show(&ctx, &platform),
        Command::Import {
            paths,
            dry_run,
            trust_exec,
        } => {
            let target = SecretTarget {
                store: &ctx.secrets,
                service: APP_KEYRING_SERVICE,
            };
            match definitions::import(&ctx.registry, &target, &paths, dry_run) {
                Ok(report) => {
                    let exit = output::import_report(&ctx, &report)?;
                    trust::after_import(&ctx, &report, trust_exec)?;
                    Ok(exit)
                }
                Err(problems) => Err(output::problems(&ctx, &problems)),
            }
        }
        Command::Trust(TrustCommand::List) => trust::list(&ctx),
        Command::Trust(TrustCommand::Add { platform_type }) => trust::add(&ctx, &platform_type),
        Command::Trust(TrustCommand::Remove { platform_type }) => {
            trust::remove(&ctx, &platform_type)
        }
        Command::Export {
            platform,
            format: ExportFormat::Definitions,
            out,
        } => {
            let files =
                definitions::export(&ctx.registry, APP_KEYRING_SERVICE, platform.as_deref())
                    .map_err(output::registry_failure)?;
            output::export(&ctx, &files, out.as_deref())
        }
        Command::Export {
            platform,
            format: ExportFormat::Meshstack,
            out,
        } => {
            let options = pb_export::meshstack::Options {
                platforms: platform.into_iter().collect(),
            };
            let files = pb_export::meshstack::export(&ctx.registry, &options)
                .map_err(output::export_failure)?;
            output::export(&ctx, &files, out.as_deref())
        }
        Command::Credential(CredentialCommand::Set { instance, field }) => {
            let id = output::instance_id(&ctx, &instance)?;
            let secret = read_secret()?;
            let result = match &field {
                Some(key) => ctx.registry.set_field_secret(
                    &ctx.secrets,
                    APP_KEYRING_SERVICE,
                    &id,
                    key,
                    &secret,
                ),
                None => {
                    ctx.registry
                        .set_credential(&ctx.secrets, APP_KEYRING_SERVICE, &id, &secret)
                }
            };
            result.map_err(output::registry_failure)?;
            output::message(&ctx, &format!("stored in the keyring for {instance}"));
            Ok(Exit::Ok)
        }
        Command::Check { instance, junit } => run::check(&ctx, &instance, junit.as_deref()),
        Command::Validate { instance, junit } => run::validate(&ctx, &instance, junit.as_deref()),
        Command::Sweep { instance, yes } => sweep::run(&ctx, &instance, yes),
        Command::Test {
            all: _,
            concurrency,
            junit,
            changed_only,
        } => run::test_all(&ctx, concurrency as usize, junit.as_deref(), changed_only),
        Command::Docs {
            platform,
            format,
            out,
        } => {
            let id = output::platform_id(&ctx, &platform)?;
            let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
            let docs = ctx
                .registry
                .platform_docs(&id, &today)
                .map_err(output::registry_failure)?;
            let text = match format {
                DocsFormat::Markdown => &docs.markdown,
                DocsFormat::Html => &docs.html,
            };
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| {
                        Failure::new(
                            Exit::Invalid,
                            format!("cannot write {}: {e}", path.display()),
                        )
                    })?;
                    output::message(&ctx, &format!("wrote {}", path.display()));
                }
                None if ctx.json => println!("{}", serde_json::to_value(&docs).unwrap_or_default()),
                None => print!("{text}"),
            }
            Ok(Exit::Ok)
        }
        Command::History {
            platform,
            kind,
            record,
            from,
            to,
            limit,
            jsonl,
        } => history::run(
            &ctx,
            history::HistoryArgs {
                platform,
                kind,
                record,
                from,
                to,
                limit,
                jsonl,
            },
        ),
        Command::Completions { .. } => unreachable!("handled before opening the database"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match execute(cli) {
        Ok(exit) => exit.code(),
        Err(failure) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"error": failure.message, "exit": failure.exit as u8, "problems": failure.problems})
                );
            } else {
                eprintln!("platformctl: {}", failure.message);
            }
            failure.exit.code()
        }
    }
}
