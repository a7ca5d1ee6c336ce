//! check, and the tenant's life: a database owned by a NOLOGIN role.

use serde_json::{json, Value};

use crate::protocol::{Failure, Outcome, Request, Success};
use crate::psql::Psql;
use crate::quote::literal;
use crate::script::{has, result, Tenant};

/// `identity`: who the admin is on which server, e.g.
/// "pbadmin on PostgreSQL 15.18 (Debian 15.18-0+deb12u1)".
pub fn check(psql: &Psql) -> Outcome {
    let out = psql.run(
        "select jsonb_build_object('user', current_user,\n\
           'version', current_setting('server_version'),\n\
           'superuser', r.rolsuper, 'createdb', r.rolcreatedb, 'createrole', r.rolcreaterole)\n\
         from pg_roles r where r.rolname = current_user;\n",
    )?;
    let v = result(&out, "identity")?;
    let user = v["user"].as_str().unwrap_or("?");
    let version = v["version"].as_str().unwrap_or("?");
    Ok(Success::with(json!({
        "identity": format!("{user} on PostgreSQL {version}"),
        "server_version": version,
        "superuser": v["superuser"],
        "can_create_databases": v["createdb"],
        "can_create_roles": v["createrole"],
    })))
}

/// Creates the owner role, then the database it owns (separate statements:
/// CREATE DATABASE cannot run inside a transaction block), comments both,
/// and takes CONNECT away from PUBLIC, so only the tenant's own members (and
/// superusers) can connect. A failure half-way removes what was made.
pub fn create(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let (db, owner) = (t.db_ident(), t.owner_ident());
    let comment = literal(&format!(
        "Platform Builder: owner of tenant database {}",
        t.name
    ));
    let describe = match request.text(&["tenant", "description"])? {
        Some(d) => format!("comment on database {db} is {};\n", literal(d)),
        None => String::new(),
    };
    let script = format!(
        "select exists(select from pg_database where datname = {dbl}) as db_exists,\n\
           exists(select from pg_roles where rolname = {ownerl}) as role_exists \\gset\n\
         \\if :db_exists\n\\echo exists-database\n\\quit\n\\endif\n\
         \\if :role_exists\n\\echo exists-role\n\\quit\n\\endif\n\
         create role {owner} nologin;\n\\echo created-role\n\
         comment on role {owner} is {comment};\n\
         create database {db} owner {owner};\n\\echo created-database\n\
         {describe}\
         revoke all on database {db} from public;\n\
         select jsonb_build_object('tenant_id', datname, 'tenant_name', datname,\n\
           'oid', oid::text, 'owner_role', {ownerl}) from pg_database where datname = {dbl};\n",
        dbl = t.db_literal(),
        ownerl = t.owner_literal(),
    );
    let out = match psql.run_partial(&psql.admin_login(), &script) {
        Ok(out) => out,
        Err((failure, out)) => return Err(undo(psql, &t, failure, &out)),
    };
    if has(&out, "exists-database") {
        return Err(Failure::conflict(format!(
            "database \"{}\" already exists",
            t.name
        )));
    }
    if has(&out, "exists-role") {
        return Err(Failure::conflict(format!(
            "role \"{}\" (the tenant's owner role) already exists; it is left alone",
            t.owner
        )));
    }
    Ok(Success::with(result(&out, "tenant")?))
}

/// After a failed create: drops what the script's markers say it made. The
/// original failure is what the answer reports.
fn undo(psql: &Psql, t: &Tenant, failure: Failure, out: &str) -> Failure {
    let mut script = String::new();
    if has(out, "created-database") {
        script.push_str(&format!(
            "drop database if exists {} with (force);\n",
            t.db_ident()
        ));
    }
    if has(out, "created-role") {
        script.push_str(&format!("drop role if exists {};\n", t.owner_ident()));
    }
    if script.is_empty() {
        return failure;
    }
    match psql.run(&script) {
        Ok(_) => failure,
        Err(e) => Failure::new(
            failure.class,
            format!(
                "{}; removing what was created failed too: {}",
                failure.message, e.message
            ),
        ),
    }
}

/// `tenant_name` (the database), or not found. Any database is found, tenant
/// or not; `owner_role` shows whose it is.
pub fn get(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let out = psql.run(&format!(
        "select coalesce((select jsonb_build_object('tenant_id', d.datname, 'tenant_name', d.datname,\n\
           'owner_role', r.rolname, 'description', shobj_description(d.oid, 'pg_database'),\n\
           'connection_limit', d.datconnlimit)\n\
         from pg_database d join pg_roles r on r.oid = d.datdba where d.datname = {}), 'null'::jsonb);\n",
        t.db_literal()
    ))?;
    match result(&out, "tenant")? {
        Value::Null => Ok(Success::not_found()),
        v => Ok(Success::with(v)),
    }
}

/// Drops the database (WITH (FORCE) ends its sessions; PostgreSQL 13 and
/// later) and the owner role; memberships in it go with it, the users' own
/// login roles stay (remove them first). Not found when neither exists; a
/// leftover owner role without its database is dropped too.
pub fn delete(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let (dbl, ownerl) = (t.db_literal(), t.owner_literal());
    let out = psql.run(&format!(
        "select exists(select from pg_database where datname = {dbl}) as db_exists,\n\
           exists(select from pg_database d join pg_roles r on r.oid = d.datdba\n\
             where d.datname = {dbl} and r.rolname = {ownerl}) as is_tenant,\n\
           exists(select from pg_roles where rolname = {ownerl} and not rolcanlogin) as role_exists \\gset\n\
         \\if :db_exists\n\\if :is_tenant\n\\else\n\\echo not-a-tenant\n\\quit\n\\endif\n\
         drop database {db} with (force);\n\\echo dropped-database\n\\endif\n\
         \\if :role_exists\ndrop role {owner};\n\\echo dropped-role\n\\endif\n",
        db = t.db_ident(),
        owner = t.owner_ident(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || Ok(Success::not_found())) {
        return stopped;
    }
    let (database, role) = (has(&out, "dropped-database"), has(&out, "dropped-role"));
    if !database && !role {
        return Ok(Success::not_found());
    }
    Ok(Success::with(json!({
        "dropped_database": database,
        "dropped_role": role,
    })))
}

/// `tenants`: every database this connector could have created — owned by a
/// NOLOGIN role named `<database>_owner` — as `{name, id}` (the database name is
/// both). `postgres` and application databases are not tenants and not listed.
pub fn list(psql: &Psql) -> Outcome {
    let out = psql.run(
        "select jsonb_build_object('tenants', coalesce(jsonb_agg(\n\
           jsonb_build_object('name', d.datname, 'id', d.datname) order by d.datname), '[]'::jsonb))\n\
         from pg_database d join pg_roles r on r.oid = d.datdba\n\
         where r.rolname = d.datname || '_owner' and not r.rolcanlogin;\n",
    )?;
    Ok(Success::with(result(&out, "tenants")?))
}
