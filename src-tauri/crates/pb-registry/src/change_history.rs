//! Browsing the change history: filters, export as JSON lines, retention. Entries
//! are written by [`crate::change_snapshot`] inside each change's transaction.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use pb_change_history::{Actor, ChangeEntry, ChangeRetention, HistoryPage, HistoryQuery, Via};

use crate::db::Registry;
use crate::error::{FieldError, RegistryError, Result};
use crate::queries::change_history::{self, Filter};

const RETENTION_KEY: &str = "change_history.retention";
const DEFAULT_LIMIT: u32 = 200;
const MAX_LIMIT: u32 = 10_000;

/// A day (`YYYY-MM-DD`, UTC) or an instant (RFC 3339) as the stored form; `end`
/// moves a day to the start of the next one, so "to 2026-12-04" includes that day.
fn instant(field: &str, text: &str, end: bool) -> Result<String, FieldError> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let day = if end {
            day.succ_opt().unwrap_or(day)
        } else {
            day
        };
        let at = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        return Ok(at.to_rfc3339_opts(SecondsFormat::Millis, true));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Millis, true)
        })
        .map_err(|_| FieldError::new(field, "Enter a date as YYYY-MM-DD (or an RFC 3339 time)"))
}

fn filter(query: &HistoryQuery) -> Result<Filter> {
    let mut errors = Vec::new();
    let mut bound = |field: &str, value: &Option<String>, end: bool| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| instant(field, v, end).map_err(|e| errors.push(e)).ok())
    };
    let from = bound("from", &query.from, false);
    let until = bound("to", &query.to, true);
    if let (Some(f), Some(u)) = (&from, &until) {
        if f >= u {
            errors.push(FieldError::new(
                "to",
                "The end date is before the start date",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(RegistryError::Validation(errors));
    }
    Ok(Filter {
        platform_id: query.platform_id.clone().filter(|p| !p.is_empty()),
        kind: query.kind,
        record: query
            .record
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned),
        from,
        until,
    })
}

fn oldest_kept(retention: ChangeRetention) -> String {
    let age = chrono::Duration::days(i64::from(retention.max_age_days));
    (Utc::now() - age).to_rfc3339_opts(SecondsFormat::Millis, true)
}

thread_local! {
    /// The actor of changes made on this thread inside [`Registry::acting_as`]: a
    /// provisioning folder applied by the app or `platformctl`. Per thread, so a
    /// change the app makes at the same moment on another thread keeps its own.
    static ACTING_AS: std::cell::RefCell<Option<Actor>> = const { std::cell::RefCell::new(None) };
}

impl Registry {
    /// Who this process records as making changes.
    pub fn actor(&self) -> Actor {
        if let Some(actor) = ACTING_AS.with(|a| a.borrow().clone()) {
            return actor;
        }
        self.actor.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Runs `f` with its changes recorded as made through `via` from `source`.
    pub(crate) fn acting_as<T>(&self, via: Via, source: &str, f: impl FnOnce() -> T) -> T {
        let actor = self.actor().with_source(via, source);
        let previous = ACTING_AS.with(|a| a.replace(Some(actor)));
        let value = f();
        ACTING_AS.with(|a| *a.borrow_mut() = previous);
        value
    }

    /// Through what this process makes its changes (the app, `platformctl`).
    pub fn set_via(&self, via: Via) {
        self.actor.write().unwrap_or_else(|e| e.into_inner()).via = via;
    }

    /// One page of entries, newest first.
    pub fn change_history(&self, query: &HistoryQuery) -> Result<HistoryPage> {
        let filter = filter(query)?;
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let (total, entries) =
            self.read(|c| change_history::list(c, &filter, limit, query.offset.unwrap_or(0)))?;
        Ok(HistoryPage { total, entries })
    }

    /// Every matching entry, oldest first, as JSON lines (for a file or a pipe).
    pub fn export_change_history(&self, query: &HistoryQuery) -> Result<String> {
        let filter = filter(query)?;
        let mut entries: Vec<ChangeEntry> = Vec::new();
        self.read(|c| {
            let mut offset = 0;
            loop {
                let (_, page) = change_history::list(c, &filter, MAX_LIMIT, offset)?;
                let n = page.len() as u32;
                entries.extend(page);
                if n < MAX_LIMIT {
                    return Ok(());
                }
                offset += n;
            }
        })?;
        entries.reverse();
        Ok(pb_change_history::to_json_lines(&entries))
    }

    pub fn change_retention(&self) -> Result<ChangeRetention> {
        self.setting(RETENTION_KEY)
    }

    pub fn set_change_retention(&self, retention: ChangeRetention) -> Result<ChangeRetention> {
        let mut errors = Vec::new();
        if !(100..=1_000_000).contains(&retention.keep) {
            errors.push(FieldError::new(
                "keep",
                "Keep between 100 and 1000000 changes",
            ));
        }
        if !(30..=3650).contains(&retention.max_age_days) {
            errors.push(FieldError::new(
                "maxAgeDays",
                "Keep changes between 30 and 3650 days",
            ));
        }
        if !errors.is_empty() {
            return Err(RegistryError::Validation(errors));
        }
        self.with_tx(|tx| {
            crate::db::put_setting(tx, RETENTION_KEY, &retention)?;
            change_history::prune(tx, retention.keep, &oldest_kept(retention))?;
            Ok(())
        })?;
        Ok(retention)
    }

    /// Applies the retention (at start-up: entries are only added between starts,
    /// and pruning on every write would scan the table each time).
    pub(crate) fn prune_change_history(&self) -> Result<usize> {
        let retention = self.change_retention()?;
        self.with_tx(|tx| change_history::prune(tx, retention.keep, &oldest_kept(retention)))
    }
}
