//! probe_quota: proves the CONNECTION LIMIT holds by going over it.
//!
//! Superusers are exempt from a database's CONNECTION LIMIT, so the probe
//! cannot use the admin; and the validation suite has removed its user before
//! the quota steps. So the probe makes its own LOGIN role, a member of the
//! tenant's owner role, with a random password (valid for ten minutes only, in
//! case it outlives us), opens `limit` sessions that stay open, then one more,
//! which PostgreSQL must refuse with "too many connections for database".
//! Every session is a psql child holding its connection by waiting on stdin:
//! closing stdin ends it, and if this program dies the pipe closes and psql
//! exits on its own. The role is dropped whatever happened.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::diagnose::message;
use crate::protocol::{Failure, Outcome, Request, Success};
use crate::psql::{Login, Psql};
use crate::quota::check_key;
use crate::quote::{ident, literal};
use crate::scram::{hex, random_bytes};
use crate::script::{result, Tenant};
use crate::users::password_clause;

/// The most sessions the probe opens: a limit above is not probed (it would
/// hold that many server processes), nor one the server has no room for.
const MAX_SESSIONS: i64 = 50;
/// How long all sessions together may take to connect.
const OPEN_TIMEOUT: Duration = Duration::from_secs(15);
/// How long closed sessions get to exit before they are killed.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

pub fn probe(psql: &Psql, request: &Request) -> Outcome {
    check_key(request)?;
    let t = Tenant::from_request(request)?;
    let out = psql.run(&format!(
        "{guard}\
         select jsonb_build_object('limit', datconnlimit,\n\
           'free', current_setting('max_connections')::int\n\
             - current_setting('superuser_reserved_connections')::int\n\
             - (select count(*) from pg_stat_activity where backend_type = 'client backend'))\n\
         from pg_database where datname = {dbl};\n",
        guard = t.guard(),
        dbl = t.db_literal(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || t.no_such_tenant()) {
        return stopped;
    }
    let v = result(&out, "connection limit")?;
    let (limit, free) = (
        v["limit"].as_i64().unwrap_or(-1),
        v["free"].as_i64().unwrap_or(0),
    );
    if limit < 0 {
        return Err(Failure::platform(format!(
            "NOT enforced: database \"{}\" has no CONNECTION LIMIT (-1)",
            t.name
        )));
    }
    if limit > MAX_SESSIONS || limit + 2 > free {
        return Err(Failure::platform(format!(
            "CONNECTION LIMIT {limit} is not probed: that takes {} sessions, the probe opens at most {MAX_SESSIONS} and the server has {free} connection slots free",
            limit + 1
        )));
    }

    let password = hex(&random_bytes(24).map_err(Failure::platform)?);
    let role = format!(
        "pb_probe_{}",
        hex(&random_bytes(4).map_err(Failure::platform)?)
    );
    psql.run(&format!(
        "select (now() + interval '10 minutes')::text as until \\gset\n\
         create role {} login {} valid until :'until' in role {};\n",
        ident(&role),
        password_clause(Some(&password))?,
        t.owner_ident(),
    ))?;
    let login = Login {
        user: &role,
        password: Some(&password),
        dbname: &t.name,
    };
    let started = Instant::now();
    let outcome = go_over(psql, &login, limit, &t.name);
    let probe_ms = started.elapsed().as_millis() as u64;
    let dropped = psql.run(&format!(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity where usename = {};\n\
         drop role if exists {};\n",
        literal(&role),
        ident(&role)
    ));
    match (outcome, dropped) {
        (Ok(refusal), Ok(_)) => Ok(Success::with(json!({
            "limit": limit,
            "sessions_opened": limit,
            "refused": refusal,
            "probe_ms": probe_ms,
        }))),
        (Ok(_), Err(e)) => Err(Failure::platform(format!(
            "the limit held, but the probe's role \"{role}\" could not be dropped: {}",
            e.message
        ))),
        (Err(f), Ok(_)) => Err(f),
        (Err(f), Err(e)) => Err(Failure::new(
            f.class,
            format!(
                "{}; the probe's role \"{role}\" could not be dropped either: {}",
                f.message, e.message
            ),
        )),
    }
}

/// Opens `limit` sessions as `login`, then one more: Ok(PostgreSQL's refusal)
/// when that one is refused, a "NOT enforced" failure when it is accepted.
fn go_over(psql: &Psql, login: &Login, limit: i64, db: &str) -> Result<String, Failure> {
    let mut sessions = Sessions::default();
    let (tx, rx) = mpsc::channel();
    for i in 0..limit as usize {
        let mut child = psql.spawn(login)?;
        let mut stdin = child.stdin.take();
        // Connected once psql runs a command: psql connects before reading any.
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(b"\\echo ready\n").and_then(|()| s.flush());
        }
        if let Some(out) = child.stdout.take() {
            let tx = tx.clone();
            thread::spawn(move || {
                let ready = BufReader::new(out)
                    .lines()
                    .map_while(Result::ok)
                    .any(|l| l.trim() == "ready");
                let _ = tx.send((i, ready));
            });
        }
        sessions.0.push((child, stdin));
    }
    let deadline = Instant::now() + OPEN_TIMEOUT;
    let mut open = 0;
    while open < limit {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((_, true)) => open += 1,
            Ok((i, false)) => {
                let why = sessions.stderr(i);
                return Err(Failure::platform(format!(
                    "session {} of {limit} was refused before the limit was reached (another session on \"{db}\"?): {why}",
                    i + 1
                )));
            }
            Err(_) => {
                return Err(Failure::platform(format!(
                    "only {open} of {limit} sessions connected within {} s",
                    OPEN_TIMEOUT.as_secs()
                )))
            }
        }
    }
    let extra = psql.run_as(login, "select 1;\n");
    drop(sessions);
    match extra {
        Err(f) if f.message.contains("too many connections") => Ok(f.message),
        Err(f) => Err(Failure::platform(format!(
            "session {} failed, but not because of the limit: {}",
            limit + 1,
            f.message
        ))),
        Ok(_) => Err(Failure::platform(format!(
            "NOT enforced: with {limit} sessions open on \"{db}\" (its CONNECTION LIMIT), session {} was accepted too",
            limit + 1
        ))),
    }
}

/// The open sessions; dropping them closes stdin, waits a little, then kills
/// whatever is left, so no child outlives the probe.
#[derive(Default)]
struct Sessions(Vec<(Child, Option<ChildStdin>)>);

impl Sessions {
    /// What a session that ended said (it has exited, so this does not block).
    fn stderr(&mut self, i: usize) -> String {
        let Some((child, _)) = self.0.get_mut(i) else {
            return String::new();
        };
        let _ = child.wait();
        let mut text = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut text);
        }
        message(&text)
    }
}

impl Drop for Sessions {
    fn drop(&mut self) {
        for (_, stdin) in &mut self.0 {
            stdin.take();
        }
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        for (child, _) in &mut self.0 {
            loop {
                match child.try_wait() {
                    Ok(None) if Instant::now() < deadline => {
                        thread::sleep(Duration::from_millis(5))
                    }
                    Ok(Some(_)) => break,
                    _ => {
                        let _ = child.kill();
                        let _ = child.wait();
                        break;
                    }
                }
            }
        }
    }
}
