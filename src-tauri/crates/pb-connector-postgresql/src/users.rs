//! A tenant's users: LOGIN roles that are members of the tenant's owner role,
//! so they have its rights on the tenant database (connect, create, own).
//!
//! Platform roles (`values.user.role`, from the platform's role mapping):
//! `owner` and `member` both mean membership of the owner role. PostgreSQL has
//! no read-only membership of a role (privileges on tables are per object), so
//! no `reader` is offered rather than one that would not hold.

use serde_json::{json, Value};

use crate::protocol::{Failure, Outcome, Request, Success};
use crate::psql::Psql;
use crate::quote::{check_name, ident, literal, MAX_NAME};
use crate::scram;
use crate::script::{has, result, Tenant};

pub const ROLES: [&str; 2] = ["owner", "member"];

struct User {
    name: String,
}

impl User {
    fn from_request(request: &Request, tenant: &Tenant) -> Result<User, Failure> {
        let name = request.required(&["user", "name"])?;
        check_name("user", name, MAX_NAME)?;
        if name == tenant.owner {
            return Err(Failure::config(format!(
                "user name '{name}' is the tenant's own owner role"
            )));
        }
        Ok(User {
            name: name.to_owned(),
        })
    }
    fn ident(&self) -> String {
        ident(&self.name)
    }
    fn literal(&self) -> String {
        literal(&self.name)
    }
}

/// The PASSWORD clause for a role: the SCRAM verifier of the password (see
/// scram.rs), the password itself only when it is not ASCII (the server must
/// SASLprep it), or NULL: no password, no password login.
pub fn password_clause(password: Option<&str>) -> Result<String, Failure> {
    let Some(password) = password else {
        return Ok("password null".into());
    };
    let salt = scram::random_bytes(16).map_err(Failure::platform)?;
    Ok(match scram::verifier(password, &salt) {
        Some(v) => format!("password {}", literal(&v)),
        None => format!("password {}", literal(password)),
    })
}

/// Creates the LOGIN role (or reuses an existing LOGIN role that is not a
/// superuser, setting its password when one is given) and grants it the
/// tenant's owner role. `user_id` is the role name.
pub fn add(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let u = User::from_request(request, &t)?;
    let role = request.text(&["user", "role"])?.unwrap_or("member");
    if !ROLES.contains(&role) {
        return Err(Failure::config(format!(
            "platform role '{role}' is not offered: map project roles to {} (both make the user a member of the tenant's owner role)",
            ROLES.join(" or ")
        )));
    }
    // The generated password of the validation user, or whatever the
    // platform sets; it reaches the server only as a SCRAM verifier.
    let password = request.password(&["user", "password"])?;
    let clause = password_clause(password)?;
    let (ui, ul) = (u.ident(), u.literal());
    let set_password = match password {
        Some(_) => format!("alter role {ui} {clause};\n"),
        None => String::new(),
    };
    let out = psql.run(&format!(
        "{guard}\
         select exists(select from pg_roles where rolname = {ul}) as user_exists,\n\
           exists(select from pg_roles where rolname = {ul} and rolcanlogin and not rolsuper) as user_ok \\gset\n\
         \\if :user_exists\n\\if :user_ok\n\\else\n\\echo not-a-login-role\n\\quit\n\\endif\n\\endif\n\
         begin;\n\
         \\if :user_exists\n{set_password}\\else\n\
         create role {ui} login {clause};\n\\echo created-user\n\\endif\n\
         grant {owner} to {ui};\n\
         commit;\n\
         select jsonb_build_object('user_id', rolname, 'oid', oid::text) from pg_roles where rolname = {ul};\n",
        guard = t.guard(),
        owner = t.owner_ident(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || t.no_such_tenant()) {
        return stopped;
    }
    if has(&out, "not-a-login-role") {
        return Err(Failure::platform(format!(
            "role \"{}\" exists and is not a plain LOGIN role (a superuser, or a group role such as a tenant's owner): not made a user",
            u.name
        )));
    }
    let mut v = result(&out, "user")?;
    v["created"] = Value::Bool(has(&out, "created-user"));
    v["role"] = json!(role);
    Ok(Success::with(v))
}

/// `users`: the names of the LOGIN roles that are members of the owner role
/// (not the admin, whom PostgreSQL 16 makes a member of the roles it creates).
pub fn list(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let out = psql.run(&format!(
        "{guard}\
         select coalesce(jsonb_agg(m.rolname order by m.rolname), '[]'::jsonb)\n\
         from pg_auth_members a join pg_roles m on m.oid = a.member\n\
         where a.roleid = (select oid from pg_roles where rolname = {owner})\n\
           and m.rolcanlogin and m.rolname <> current_user;\n",
        guard = t.guard(),
        owner = t.owner_literal(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || Ok(Success::not_found())) {
        return stopped;
    }
    Ok(Success::with(json!({"users": result(&out, "users")?})))
}

/// Takes the user out of the tenant: in the tenant database, what the user
/// owns goes to the owner role (REASSIGN OWNED: the tenant's data stays the
/// tenant's), then the membership is revoked and, when it was the user's last
/// membership, the role dropped (with DROP OWNED first, which revokes its
/// remaining privileges). A user owning a database or tablespace is not
/// reassigned (REASSIGN OWNED would hand those over too): DROP ROLE then says
/// what depends on it. Not found when the user is not a member.
pub fn remove(psql: &Psql, request: &Request) -> Outcome {
    let t = Tenant::from_request(request)?;
    let u = User::from_request(request, &t)?;
    let (ui, ul, owner) = (u.ident(), u.literal(), t.owner_ident());
    let out = psql.run(&format!(
        "{guard}\
         select exists(select from pg_auth_members a join pg_roles m on m.oid = a.member\n\
             join pg_roles g on g.oid = a.roleid where m.rolname = {ul} and g.rolname = {ol}) as is_member,\n\
           (select count(*) from pg_auth_members a join pg_roles m on m.oid = a.member\n\
             where m.rolname = {ul}) = 1 as last_membership,\n\
           exists(select from pg_database where datdba = (select oid from pg_roles where rolname = {ul}))\n\
             or exists(select from pg_tablespace where spcowner = (select oid from pg_roles where rolname = {ul}))\n\
             as owns_shared \\gset\n\
         \\if :is_member\n\\else\n\\echo not-member\n\\quit\n\\endif\n\
         \\if :owns_shared\n\\else\n\
         \\connect {db}\n\
         reassign owned by {ui} to {owner};\n\
         \\if :last_membership\ndrop owned by {ui};\n\\endif\n\
         \\endif\n\
         begin;\n\
         revoke {owner} from {ui};\n\
         \\if :last_membership\ndrop role {ui};\n\\echo dropped-user\n\\endif\n\
         commit;\n",
        guard = t.guard(),
        ol = t.owner_literal(),
        // \connect takes a double-quoted name as is; tenant names hold no quotes.
        db = t.db_ident(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || Ok(Success::not_found())) {
        return stopped;
    }
    if has(&out, "not-member") {
        return Ok(Success::not_found());
    }
    Ok(Success::with(json!({
        "user_id": u.name,
        "dropped_role": has(&out, "dropped-user"),
    })))
}
