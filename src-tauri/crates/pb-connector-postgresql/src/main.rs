//! pb-connector-postgresql: the program behind the PostgreSQL preset's `exec`
//! connector (presets/postgresql.yaml in pb-connector). It reads one request on
//! stdin, runs it against the server with psql, and prints one answer on
//! stdout; see protocol.rs.
//!
//! The mapping: a tenant is a database owned by a NOLOGIN role
//! `<tenant>_owner`; a user is a LOGIN role that is a member of that role; the
//! quota `connections` is the database's CONNECTION LIMIT, probed by going over
//! it. The admin (`fields.admin_user`, password in `PGPASSWORD`) needs to be a
//! superuser, or to have CREATEDB and CREATEROLE (PostgreSQL 16 and later).
//!
//! Whatever goes wrong, the answer is JSON with an error class; the program
//! does not panic on any input and always exits 0 after answering.

mod diagnose;
mod endpoint;
mod probe;
mod protocol;
mod psql;
mod quota;
mod quote;
mod scram;
mod script;
mod tenant;
mod users;

use std::io::{Read, Write};

use protocol::{answer, Failure, Outcome, Request};
use psql::Psql;

const OPERATIONS: [&str; 11] = [
    "check",
    "create_tenant",
    "get_tenant",
    "delete_tenant",
    "add_user",
    "list_users",
    "remove_user",
    "set_quota",
    "get_quota",
    "probe_quota",
    "list_tenants",
];

fn run(request: &Request) -> Outcome {
    let op = request.operation.as_str();
    if !OPERATIONS.contains(&op) {
        return Err(Failure::config(format!(
            "unknown operation '{op}' (this program implements {})",
            OPERATIONS.join(", ")
        )));
    }
    let psql = Psql::new(request)?;
    match op {
        "check" => tenant::check(&psql),
        "create_tenant" => tenant::create(&psql, request),
        "get_tenant" => tenant::get(&psql, request),
        "delete_tenant" => tenant::delete(&psql, request),
        "add_user" => users::add(&psql, request),
        "list_users" => users::list(&psql, request),
        "remove_user" => users::remove(&psql, request),
        "set_quota" => quota::set(&psql, request),
        "get_quota" => quota::get(&psql, request),
        "list_tenants" => tenant::list(&psql),
        _ => probe::probe(&psql, request),
    }
}

fn main() {
    let mut input = Vec::new();
    let outcome = match std::io::stdin().read_to_end(&mut input) {
        Err(e) => Err(Failure::config(format!(
            "cannot read the request on stdin: {e}"
        ))),
        Ok(_) => match String::from_utf8(input) {
            Err(_) => Err(Failure::config("the request on stdin is not UTF-8")),
            Ok(text) => Request::parse(&text).and_then(|r| run(&r)),
        },
    };
    let mut stdout = std::io::stdout().lock();
    // Nobody to tell if stdout is gone.
    let _ = writeln!(stdout, "{}", answer(&outcome));
    let _ = stdout.flush();
}
