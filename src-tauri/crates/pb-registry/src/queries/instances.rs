use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::model::{
    CredentialStatus, Instance, InstanceInput, InstanceTls, InstanceTlsInput, LastTest,
    LastValidation,
};

const SELECT: &str = "SELECT id, platform_id, name, environment, endpoint, credential_version,
        credential_updated_at, created_at, updated_at, tls_ca_bundle, tls_client_certificate,
        tls_insecure, client_key_updated_at, last_test_kind, last_test_status, last_test_at,
        last_test_summary, field_values, secret_fields, managed_by, secret_problems,
        last_validation_status, last_validation_at, last_validation_connector,
        (SELECT max(cv.version) FROM connector_versions cv JOIN platforms p ON cv.type_id = p.type_id
          WHERE p.id = instances.platform_id)
   FROM instances";

fn json_column<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Instance> {
    let updated_at: Option<String> = row.get(6)?;
    let secret_problems: std::collections::BTreeMap<String, String> = json_column(row, 20)?;
    Ok(Instance {
        id: row.get(0)?,
        platform_id: row.get(1)?,
        name: row.get(2)?,
        environment: row.get(3)?,
        endpoint: row.get(4)?,
        credential: CredentialStatus {
            configured: updated_at.is_some(),
            version: row.get(5)?,
            updated_at,
            problem: secret_problems.get("credential").cloned(),
        },
        secret_problems,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        last_test: match row.get::<_, Option<String>>(13)? {
            Some(kind) => Some(LastTest {
                kind,
                status: row.get(14)?,
                started_at: row.get(15)?,
                summary: row.get(16)?,
            }),
            None => None,
        },
        validation: match row.get::<_, Option<String>>(21)? {
            Some(status) => Some(LastValidation {
                status,
                started_at: row.get(22)?,
                connector_version: row.get(23)?,
            }),
            None => None,
        },
        connector_version: row.get(24)?,
        field_values: json_column(row, 17)?,
        secret_fields: json_column(row, 18)?,
        managed_by: row.get(19)?,
        tls: {
            let key_updated_at: Option<String> = row.get(12)?;
            InstanceTls {
                ca_bundle_pem: row.get(9)?,
                client_certificate_pem: row.get(10)?,
                insecure_skip_verify: row.get(11)?,
                client_key_configured: key_updated_at.is_some(),
                client_key_updated_at: key_updated_at,
            }
        },
    })
}

pub fn list_for_platform(conn: &Connection, platform_id: &str) -> Result<Vec<Instance>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE platform_id = ?1 ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([platform_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every instance of every platform of the type, in one query.
pub fn list_for_type(conn: &Connection, type_id: &str) -> Result<Vec<Instance>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE platform_id IN (SELECT id FROM platforms WHERE type_id = ?1)"
    ))?;
    let rows = stmt.query_map([type_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn list_all(conn: &Connection) -> Result<Vec<Instance>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY platform_id, name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Instance>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?)
}

pub fn insert(
    conn: &Connection,
    id: &str,
    platform_id: &str,
    input: &InstanceInput,
    now: &str,
) -> rusqlite::Result<()> {
    let values = serde_json::Value::Object(input.field_values.clone().unwrap_or_default());
    conn.execute(
        "INSERT INTO instances
            (id, platform_id, name, environment, endpoint, created_at, updated_at, field_values)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![
            id,
            platform_id,
            input.name,
            input.environment,
            input.endpoint,
            now,
            values.to_string()
        ],
    )?;
    if let Some(tls) = &input.tls {
        set_tls(conn, id, tls)?;
    }
    Ok(())
}

pub fn set_tls(conn: &Connection, id: &str, tls: &InstanceTlsInput) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE instances SET tls_ca_bundle = ?2, tls_client_certificate = ?3, tls_insecure = ?4
          WHERE id = ?1",
        params![
            id,
            tls.ca_bundle_pem,
            tls.client_certificate_pem,
            tls.insecure_skip_verify
        ],
    )
}

/// Records that the mutual-TLS client key was stored in (Some) or removed from
/// (None) the keyring.
pub fn mark_client_key(conn: &Connection, id: &str, at: Option<&str>, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE instances SET client_key_updated_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, at, now],
    )?)
}

pub fn update(
    conn: &Connection,
    id: &str,
    input: &InstanceInput,
    now: &str,
) -> rusqlite::Result<usize> {
    let changed = conn.execute(
        "UPDATE instances SET name = ?2, environment = ?3, endpoint = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, input.name, input.environment, input.endpoint, now],
    )?;
    if let Some(tls) = &input.tls {
        set_tls(conn, id, tls)?;
    }
    if let Some(values) = &input.field_values {
        conn.execute(
            "UPDATE instances SET field_values = ?2 WHERE id = ?1",
            params![id, serde_json::Value::Object(values.clone()).to_string()],
        )?;
    }
    Ok(changed)
}

/// Records which secret custom fields are set in the keyring.
pub fn set_secret_fields(conn: &Connection, id: &str, keys: &[String], now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE instances SET secret_fields = ?2, updated_at = ?3 WHERE id = ?1",
        params![
            id,
            serde_json::to_string(keys).expect("keys serialize"),
            now
        ],
    )?)
}

/// Records that a credential was stored (or replaced) in the keyring.
/// Records why a secret of the instance (`credential`, `clientKey`,
/// `secretFields.<key>`) is missing, or clears that note (None).
pub fn set_secret_problem(
    conn: &Connection,
    id: &str,
    slot: &str,
    problem: Option<&str>,
) -> Result<usize> {
    let path = format!("$.\"{}\"", slot.replace('"', ""));
    Ok(match problem {
        Some(p) => conn.execute(
            "UPDATE instances SET secret_problems = json_set(secret_problems, ?2, ?3) WHERE id = ?1",
            params![id, path, p],
        )?,
        None => conn.execute(
            "UPDATE instances SET secret_problems = json_remove(secret_problems, ?2) WHERE id = ?1",
            params![id, path],
        )?,
    })
}

pub fn mark_credential_set(conn: &Connection, id: &str, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE instances SET credential_version = credential_version + 1,
                credential_updated_at = ?2, updated_at = ?2,
                secret_problems = json_remove(secret_problems, '$.credential')
          WHERE id = ?1",
        params![id, now],
    )?)
}

/// Records that the credential was removed from the keyring. The version is kept so
/// a later credential gets a higher one.
pub fn mark_credential_removed(conn: &Connection, id: &str, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE instances SET credential_updated_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?)
}

pub fn delete(conn: &Connection, id: &str) -> Result<usize> {
    Ok(conn.execute("DELETE FROM instances WHERE id = ?1", [id])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Registry;
    use crate::model::PlatformInput;
    use crate::queries::platforms;

    fn setup() -> Registry {
        let reg = Registry::open_in_memory().unwrap();
        reg.read(|c| {
            platforms::insert(
                c,
                "p1",
                &PlatformInput {
                    name: "Brokers".into(),
                    type_id: "GENERIC-REST".into(),
                    ..Default::default()
                },
                "t",
            )?;
            Ok(())
        })
        .unwrap();
        reg
    }

    fn input(name: &str, env: &str) -> InstanceInput {
        InstanceInput {
            name: name.into(),
            environment: env.into(),
            endpoint: "https://api.example.com".into(),
            ..Default::default()
        }
    }

    #[test]
    fn crud_and_credential_markers() {
        let reg = setup();
        reg.read(|c| {
            insert(c, "i1", "p1", &input("prod", "prod"), "t0")?;
            let i = get(c, "i1")?.unwrap();
            assert!(!i.credential.configured);
            assert_eq!(i.credential.version, 0);

            mark_credential_set(c, "i1", "t1")?;
            mark_credential_set(c, "i1", "t2")?;
            let i = get(c, "i1")?.unwrap();
            assert!(i.credential.configured);
            assert_eq!(
                (i.credential.version, i.credential.updated_at.as_deref()),
                (2, Some("t2"))
            );

            mark_credential_removed(c, "i1", "t3")?;
            let i = get(c, "i1")?.unwrap();
            assert!(!i.credential.configured);
            assert_eq!(i.credential.version, 2);

            assert_eq!(update(c, "i1", &input("production", "prod"), "t4")?, 1);
            assert_eq!(get(c, "i1")?.unwrap().name, "production");
            assert_eq!(delete(c, "i1")?, 1);
            assert!(get(c, "i1")?.is_none());
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn names_unique_per_platform_and_cascade_on_platform_delete() {
        let reg = setup();
        reg.read(|c| {
            insert(c, "i1", "p1", &input("dev", "dev"), "t")?;
            insert(c, "i2", "p1", &input("Prod", "prod"), "t")?;
            let err = insert(c, "i3", "p1", &input("DEV", "dev"), "t").unwrap_err();
            assert!(crate::queries::is_unique_violation(&err));
            let names: Vec<_> = list_for_platform(c, "p1")?
                .into_iter()
                .map(|i| i.name)
                .collect();
            assert_eq!(names, ["dev", "Prod"]);
            platforms::delete(c, "p1")?;
            assert!(list_for_platform(c, "p1")?.is_empty());
            Ok(())
        })
        .unwrap();
    }
}
