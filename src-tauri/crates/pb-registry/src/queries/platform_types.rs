use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::custom_fields;
use crate::error::Result;
use crate::model::{PlatformType, PlatformTypeInput};

const COLUMNS: &str = "identifier, display_name, description, icon, default_endpoint, builtin,
    created_at, updated_at, config_schema, managed_by";

fn from_row(row: &Row<'_>) -> rusqlite::Result<PlatformType> {
    let schema: Option<String> = row.get(8)?;
    let config_schema = match schema {
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e))
        })?,
        None => custom_fields::to_schema(&[]),
    };
    // Written only by set_custom_fields from checked fields, so it reads back.
    let custom_fields = custom_fields::from_schema(&config_schema).unwrap_or_default();
    let identifier: String = row.get(0)?;
    let builtin: bool = row.get(5)?;
    let proven_against = builtin
        .then(|| crate::catalogue::builtin(&identifier))
        .flatten()
        .and_then(|t| t.proven_against.clone());
    Ok(PlatformType {
        proven_against,
        custom_fields,
        config_schema,
        identifier,
        display_name: row.get(1)?,
        description: row.get(2)?,
        icon: row.get(3)?,
        default_endpoint: row.get(4)?,
        builtin,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        managed_by: row.get(9)?,
    })
}

/// Built-ins first (in catalogue order of insertion), then custom types by name.
pub fn list(conn: &Connection) -> Result<Vec<PlatformType>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM platform_types
         ORDER BY builtin DESC, CASE WHEN builtin = 1 THEN rowid END, display_name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, identifier: &str) -> Result<Option<PlatformType>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM platform_types WHERE identifier = ?1"),
            [identifier],
            from_row,
        )
        .optional()?)
}

pub fn insert(conn: &Connection, input: &PlatformTypeInput, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO platform_types
            (identifier, display_name, description, icon, default_endpoint, builtin, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
        params![
            input.identifier,
            input.display_name,
            input.description,
            input.icon,
            input.default_endpoint,
            now
        ],
    )?;
    Ok(())
}

/// Updates a custom type; the identifier is the key and cannot change. Returns the
/// number of rows changed (0 when it does not exist or is built-in).
pub fn update(conn: &Connection, input: &PlatformTypeInput, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE platform_types
            SET display_name = ?2, description = ?3, icon = ?4, default_endpoint = ?5, updated_at = ?6
          WHERE identifier = ?1 AND builtin = 0",
        params![
            input.identifier,
            input.display_name,
            input.description,
            input.icon,
            input.default_endpoint,
            now
        ],
    )?)
}

/// Stores the custom-field schema of a custom type.
pub fn set_config_schema(
    conn: &Connection,
    identifier: &str,
    schema: &serde_json::Value,
    now: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE platform_types SET config_schema = ?2, updated_at = ?3
          WHERE identifier = ?1 AND builtin = 0",
        params![identifier, schema.to_string(), now],
    )?)
}

pub fn delete(conn: &Connection, identifier: &str) -> rusqlite::Result<usize> {
    // Trust goes with the type: a type made again under the same name has to be
    // trusted again, whoever defines it.
    conn.execute(
        "DELETE FROM exec_trust WHERE platform_type = ?1 AND EXISTS
           (SELECT 1 FROM platform_types WHERE identifier = ?1 AND builtin = 0)",
        [identifier],
    )?;
    conn.execute(
        "DELETE FROM platform_types WHERE identifier = ?1 AND builtin = 0",
        [identifier],
    )
}

/// The stored connector definition text of a type, if any.
pub fn connector(conn: &Connection, identifier: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT connector FROM platform_types WHERE identifier = ?1",
            [identifier],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

pub fn set_connector(
    conn: &Connection,
    identifier: &str,
    text: Option<&str>,
    now: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE platform_types SET connector = ?2, updated_at = ?3 WHERE identifier = ?1 AND builtin = 0",
        params![identifier, text, now],
    )?)
}

/// Names of the platforms of this type, sorted.
pub fn platforms_using(conn: &Connection, identifier: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM platforms WHERE type_id = ?1 ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([identifier], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Registry;

    fn input(id: &str, name: &str) -> PlatformTypeInput {
        PlatformTypeInput {
            identifier: id.into(),
            display_name: name.into(),
            description: "d".into(),
            icon: "message".into(),
            default_endpoint: None,
        }
    }

    #[test]
    fn builtins_come_first_then_custom_by_name() {
        let reg = Registry::open_in_memory().unwrap();
        reg.with_tx(|tx| {
            insert(tx, &input("ZED", "zeta"), "t")?;
            insert(tx, &input("ALPHA", "Alpha"), "t")?;
            Ok(())
        })
        .unwrap();
        let ids: Vec<_> = reg
            .read(list)
            .unwrap()
            .into_iter()
            .map(|t| t.identifier)
            .collect();
        assert_eq!(ids.first().map(String::as_str), Some("AWS"));
        assert_eq!(&ids[ids.len() - 2..], ["ALPHA", "ZED"]);
    }

    #[test]
    fn duplicate_insert_is_a_unique_violation() {
        let reg = Registry::open_in_memory().unwrap();
        let err = reg
            .read(|c| {
                insert(c, &input("KAFKA", "Kafka"), "t")?;
                Ok(insert(c, &input("KAFKA", "Kafka 2"), "t"))
            })
            .unwrap()
            .unwrap_err();
        assert!(crate::queries::is_unique_violation(&err));
    }

    #[test]
    fn builtin_types_cannot_be_updated_or_deleted_here() {
        let reg = Registry::open_in_memory().unwrap();
        reg.read(|c| {
            assert_eq!(update(c, &input("AWS", "Not AWS"), "t")?, 0);
            assert_eq!(delete(c, "AWS")?, 0);
            assert_eq!(get(c, "AWS")?.unwrap().display_name, "Amazon Web Services");
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn update_and_delete_custom_type() {
        let reg = Registry::open_in_memory().unwrap();
        reg.read(|c| {
            insert(c, &input("KAFKA", "Kafka"), "t0")?;
            assert_eq!(update(c, &input("KAFKA", "Kafka streams"), "t1")?, 1);
            let t = get(c, "KAFKA")?.unwrap();
            assert_eq!(
                (t.display_name.as_str(), t.updated_at.as_str()),
                ("Kafka streams", "t1")
            );
            assert!(!t.builtin);
            assert_eq!(delete(c, "KAFKA")?, 1);
            assert!(get(c, "KAFKA")?.is_none());
            Ok(())
        })
        .unwrap();
    }
}
