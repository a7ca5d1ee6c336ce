//! Everything the commands share: where things live, the registry, the keyring.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use pb_registry::Registry;
use pb_secrets::{KeyringStatus, KeyringStore, SecretStore};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, IpcError};

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Call first thing in `main`, so start-up time is measured from process start.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Milliseconds since [`mark_process_start`].
pub fn since_process_start() -> u64 {
    PROCESS_START
        .get_or_init(Instant::now)
        .elapsed()
        .as_millis() as u64
}

/// The keyring service every entry of this app is stored under.
pub const KEYRING_SERVICE: &str = pb_secrets::APP_KEYRING_SERVICE;

/// Start-up choices from the command line and environment. Flags win over
/// environment variables, which win over the platform's default directories.
#[derive(Clone, Debug, Default)]
pub struct StartupOptions {
    /// `--data-dir PATH` / `PB_DATA_DIR`: database and logs go here (tests use it to
    /// get a private database each).
    pub data_dir: Option<PathBuf>,
    /// `PB_IPC_AUDIT=FILE`: append every command reply to FILE as JSON lines. A
    /// diagnostic for the secret-leak tests, which grep it for a canary.
    pub ipc_audit: Option<PathBuf>,
    /// `PB_KEYRING_TIMEOUT_SECS`: how long to wait for the keyring (default 5).
    pub keyring_timeout: Option<Duration>,
    /// `--provisioning-dir PATH` / `PB_PROVISIONING_DIR`: definition files applied
    /// at start-up, with where the choice came from (`flag` or `environment`).
    pub provisioning_dir: Option<(PathBuf, &'static str)>,
    /// `--provisioning-prune` / `PB_PROVISIONING_PRUNE=1`: delete what the folder
    /// no longer defines.
    pub provisioning_prune: bool,
}

impl StartupOptions {
    pub fn from_env_and_args() -> Self {
        let mut options = StartupOptions {
            data_dir: std::env::var_os("PB_DATA_DIR").map(PathBuf::from),
            ipc_audit: std::env::var_os("PB_IPC_AUDIT").map(PathBuf::from),
            keyring_timeout: std::env::var("PB_KEYRING_TIMEOUT_SECS")
                .ok()
                .and_then(|s| s.parse().ok())
                .map(Duration::from_secs),
            provisioning_dir: std::env::var_os("PB_PROVISIONING_DIR")
                .filter(|v| !v.is_empty())
                .map(|v| (PathBuf::from(v), "environment")),
            provisioning_prune: std::env::var("PB_PROVISIONING_PRUNE")
                .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
        };
        let mut args = std::env::args_os().skip(1);
        while let Some(arg) = args.next() {
            if arg == "--data-dir" {
                options.data_dir = args.next().map(PathBuf::from);
            } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
                options.data_dir = Some(PathBuf::from(path));
            } else if arg == "--provisioning-dir" {
                options.provisioning_dir = args.next().map(|p| (PathBuf::from(p), "flag"));
            } else if let Some(path) = arg
                .to_str()
                .and_then(|a| a.strip_prefix("--provisioning-dir="))
            {
                options.provisioning_dir = Some((PathBuf::from(path), "flag"));
            } else if arg == "--provisioning-prune" {
                options.provisioning_prune = true;
            }
        }
        options
    }
}

#[derive(Clone, Debug)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub log_dir: PathBuf,
}

/// What Settings shows.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub app_version: String,
    pub data_dir: String,
    pub database_path: String,
    pub log_dir: String,
    /// None when the database could not be opened (see `startup_error`).
    pub schema_version: Option<u32>,
    pub supported_schema_version: u32,
    /// The backup written before the last migration, if one ran at this start.
    pub last_backup: Option<String>,
    pub startup_error: Option<IpcError>,
    pub keyring: KeyringStatus,
    /// The provisioning folder in force and what applying it did.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioning: Option<crate::provisioning::ProvisioningStatus>,
}

pub struct AppContext {
    pub paths: AppPaths,
    registry: Result<Registry, IpcError>,
    pub secrets: Arc<dyn SecretStore>,
    pub keyring_service: String,
    /// Shared so OAuth2 tokens are cached across operations.
    pub engine: pb_connector::Engine,
    /// Validation runs in progress, by instance id, so they can be cancelled.
    pub running: Mutex<std::collections::HashMap<String, pb_validation::Cancel>>,
    /// The first-run sandbox, once started; it stops with the app.
    pub sandbox: tauri::async_runtime::Mutex<Option<crate::sandbox::Sandbox>>,
    audit: Option<Mutex<std::fs::File>>,
    /// The keyring probe started with the app: the first screen asks for the app's
    /// status, and a Secret Service round trip (~100 ms) there would delay it.
    startup_probe: Mutex<Option<std::sync::mpsc::Receiver<KeyringStatus>>>,
    options: StartupOptions,
    provisioning: Mutex<Option<crate::provisioning::ProvisioningStatus>>,
    /// The scheduled health checks.
    pub health: crate::health_checks::HealthRuntime,
    // Flushes the log file on drop.
    _log_guard: Mutex<Option<tracing_appender::non_blocking::WorkerGuard>>,
}

impl AppContext {
    /// Opens the database and the keyring. A database that cannot be opened does not
    /// stop the app: commands report why, and Settings shows it.
    pub fn start(
        paths: AppPaths,
        options: &StartupOptions,
        log_guard: Option<tracing_appender::non_blocking::WorkerGuard>,
    ) -> Self {
        let registry = Registry::open(&paths.database).map_err(|e| {
            tracing::error!(database = %paths.database.display(), "cannot open database: {e}");
            AppError::from(e).to_ipc()
        });
        if let Ok(r) = &registry {
            let m = r.migration();
            tracing::info!(database = %paths.database.display(), from = m.from, to = m.to, "database ready");
        }
        let timeout = options.keyring_timeout.unwrap_or(Duration::from_secs(5));
        let audit = options.ipc_audit.as_ref().and_then(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| tracing::warn!("cannot open IPC audit file {}: {e}", path.display()))
                .ok()
                .map(Mutex::new)
        });
        let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(KEYRING_SERVICE, timeout));
        let (probed, startup_probe) = std::sync::mpsc::channel();
        let store = secrets.clone();
        std::thread::spawn(move || {
            let _ = probed.send(store.status());
        });
        let ctx = Self {
            paths,
            registry,
            secrets,
            keyring_service: KEYRING_SERVICE.to_owned(),
            engine: pb_connector::Engine::new(),
            running: Mutex::default(),
            sandbox: Default::default(),
            audit,
            startup_probe: Mutex::new(Some(startup_probe)),
            options: options.clone(),
            provisioning: Mutex::default(),
            health: Default::default(),
            _log_guard: Mutex::new(log_guard),
        };
        // The provisioning folder is applied by `provision_in_background`, after
        // the window is up: a large or hostile folder never holds the start.
        ctx
    }

    /// Applies the provisioning folder in force on a thread of its own. Until it
    /// is done, Settings (and `app_status`) show it as running, and the UI
    /// refreshes its lists when it finishes.
    pub fn provision_in_background(ctx: &Arc<Self>) -> std::thread::JoinHandle<()> {
        let chosen = ctx
            .registry
            .as_ref()
            .ok()
            .and_then(|r| crate::provisioning::choose(&ctx.options, r));
        if let Some((folder, prune, source)) = chosen {
            let mut status =
                crate::provisioning::ProvisioningStatus::running(&folder, prune, &source);
            if let Ok(r) = &ctx.registry {
                status.setting = r.provisioning_setting().unwrap_or_default();
            }
            *ctx.provisioning.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
        }
        let ctx = Arc::clone(ctx);
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            ctx.reprovision();
            tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "provisioning at start finished"
            );
        })
    }

    /// Applies the provisioning folder in force, if any, and remembers the result
    /// for Settings.
    pub fn reprovision(&self) -> Option<crate::provisioning::ProvisioningStatus> {
        let chosen = crate::provisioning::choose(&self.options, self.registry.as_ref().ok()?);
        let status = chosen
            .map(|(folder, prune, source)| crate::provisioning::apply(self, folder, prune, source));
        *self.provisioning.lock().unwrap_or_else(|e| e.into_inner()) = status.clone();
        status
    }

    /// For tests: an explicit registry and secret store.
    pub fn with_parts(paths: AppPaths, registry: Registry, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            paths,
            registry: Ok(registry),
            secrets,
            keyring_service: KEYRING_SERVICE.to_owned(),
            engine: pb_connector::Engine::new(),
            running: Mutex::default(),
            sandbox: Default::default(),
            audit: None,
            startup_probe: Mutex::new(None),
            options: StartupOptions::default(),
            provisioning: Mutex::default(),
            health: Default::default(),
            _log_guard: Mutex::new(None),
        }
    }

    pub fn registry(&self) -> Result<&Registry, AppError> {
        self.registry.as_ref().map_err(|e| AppError::Startup {
            code: e.code.clone(),
            message: e.message.clone(),
        })
    }

    pub fn status(&self) -> AppStatus {
        let (schema_version, last_backup) = match &self.registry {
            Ok(r) => (
                r.schema_version().ok().map(|v| v as u32),
                r.migration()
                    .backup
                    .as_ref()
                    .map(|p| p.display().to_string()),
            ),
            Err(_) => (None, None),
        };
        AppStatus {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.paths.data_dir.display().to_string(),
            database_path: self.paths.database.display().to_string(),
            log_dir: self.paths.log_dir.display().to_string(),
            schema_version,
            supported_schema_version: pb_registry::migrate::latest_version() as u32,
            last_backup,
            startup_error: self.registry.as_ref().err().cloned(),
            keyring: self.keyring_status(),
            provisioning: self
                .provisioning
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }

    /// The start-up probe's result the first time (waiting for it if it is still
    /// running), a new probe after that, so Settings sees a keyring unlocked since.
    fn keyring_status(&self) -> KeyringStatus {
        let startup = self
            .startup_probe
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        startup
            .and_then(|probe| probe.recv().ok())
            .unwrap_or_else(|| self.secrets.status())
    }

    /// Appends a command's reply, exactly as it is serialized to the UI, to the audit
    /// file when one is configured.
    pub fn audit<T: Serialize>(&self, command: &str, reply: &Result<T, AppError>) {
        let Some(file) = &self.audit else { return };
        let reply = match reply {
            Ok(v) => serde_json::json!({ "ok": v }),
            Err(e) => serde_json::json!({ "err": e }),
        };
        let line = serde_json::json!({ "command": command, "reply": reply });
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = writeln!(file, "{line}") {
            tracing::warn!("cannot write IPC audit: {e}");
        }
    }
}
