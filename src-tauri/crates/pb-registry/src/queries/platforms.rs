use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::model::{Platform, PlatformInput, PlatformStatus, Tag};
use crate::offering::availability::Availability;

const SELECT: &str = "SELECT p.id, p.name, p.description, p.type_id, p.location, p.support_url,
        p.docs_url, p.tags, p.created_at, p.updated_at,
        (SELECT count(*) FROM instances i WHERE i.platform_id = p.id), p.access_info, p.status,
        p.identifier, p.managed_by, coalesce(l.display_name, ''), p.restriction,
        p.restricted_to, p.publication
   FROM platforms p LEFT JOIN locations l ON l.identifier = p.location";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Platform> {
    let tags: String = row.get(7)?;
    Ok(Platform {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        type_id: row.get(3)?,
        location: row.get(4)?,
        support_url: row.get(5)?,
        docs_url: row.get(6)?,
        tags: serde_json::from_str::<Vec<Tag>>(&tags).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        instance_count: row.get(10)?,
        access_info: row.get(11)?,
        status: PlatformStatus::parse(&row.get::<_, String>(12)?),
        identifier: row.get(13)?,
        managed_by: row.get(14)?,
        location_name: row.get(15)?,
        availability: Availability::from_columns(
            &row.get::<_, String>(16)?,
            &row.get::<_, String>(17)?,
            &row.get::<_, String>(18)?,
        ),
    })
}

fn tags_json(tags: &[Tag]) -> String {
    serde_json::to_string(tags).expect("tags serialize")
}

pub fn list(conn: &Connection) -> Result<Vec<Platform>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY p.name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Platform>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE p.id = ?1"), [id], from_row)
        .optional()?)
}

pub fn insert(
    conn: &Connection,
    id: &str,
    input: &PlatformInput,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO platforms
            (id, name, description, type_id, location, support_url, docs_url, tags, created_at,
             updated_at, access_info, status, identifier)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
        params![
            id,
            input.name,
            input.description,
            input.type_id,
            input.location,
            input.support_url,
            input.docs_url,
            tags_json(&input.tags),
            now,
            input.access_info.as_deref().unwrap_or_default(),
            input.status.unwrap_or_default().as_str(),
            input.identifier
        ],
    )?;
    Ok(())
}

pub fn update(
    conn: &Connection,
    id: &str,
    input: &PlatformInput,
    now: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE platforms SET name = ?2, description = ?3, type_id = ?4, location = ?5,
                support_url = ?6, docs_url = ?7, tags = ?8, updated_at = ?9, access_info = coalesce(?10, access_info),
                status = coalesce(?11, status), identifier = coalesce(?12, identifier)
          WHERE id = ?1",
        params![
            id,
            input.name,
            input.description,
            input.type_id,
            input.location,
            input.support_url,
            input.docs_url,
            tags_json(&input.tags),
            now,
            input.access_info,
            input.status.map(PlatformStatus::as_str),
            input.identifier
        ],
    )
}

/// Whether another platform (not `except`) uses the identifier.
pub fn identifier_taken(conn: &Connection, identifier: &str, except: Option<&str>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM platforms WHERE identifier = ?1 AND id IS NOT ?2",
            params![identifier, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The display names of the locations in use, for the registry's location facet
/// (the registry shows and filters by what administrators read).
pub fn locations(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT coalesce(l.display_name, p.location) FROM platforms p
           LEFT JOIN locations l ON l.identifier = p.location
          WHERE p.location <> '' ORDER BY 1 COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes the platform; its instances go with it (ON DELETE CASCADE).
pub fn delete(conn: &Connection, id: &str) -> Result<usize> {
    Ok(conn.execute("DELETE FROM platforms WHERE id = ?1", [id])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Registry;

    fn input(name: &str) -> PlatformInput {
        PlatformInput {
            name: name.into(),
            identifier: Some(crate::validate::slug(name)),
            description: "Shared brokers".into(),
            type_id: "GENERIC-REST".into(),
            location: "eu-west".into(),
            support_url: Some("mailto:ops@example.com".into()),
            docs_url: None,
            tags: vec![Tag {
                key: "team".into(),
                value: "messaging".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn insert_get_update_delete() {
        let reg = Registry::open_in_memory().unwrap();
        reg.read(|c| {
            insert(c, "p1", &input("Brokers"), "t0")?;
            let p = get(c, "p1")?.unwrap();
            assert_eq!(p.tags, input("x").tags);
            assert_eq!(p.instance_count, 0);
            let mut changed = input("Brokers EU");
            changed.tags.clear();
            assert_eq!(update(c, "p1", &changed, "t1")?, 1);
            let p = get(c, "p1")?.unwrap();
            assert_eq!(
                (p.name.as_str(), p.tags.len(), p.updated_at.as_str()),
                ("Brokers EU", 0, "t1")
            );
            assert_eq!(delete(c, "p1")?, 1);
            assert!(get(c, "p1")?.is_none());
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn names_are_unique_ignoring_case_and_list_is_sorted() {
        let reg = Registry::open_in_memory().unwrap();
        reg.read(|c| {
            insert(c, "p1", &input("beta"), "t")?;
            insert(c, "p2", &input("Alpha"), "t")?;
            let err = insert(c, "p3", &input("BETA"), "t").unwrap_err();
            assert!(crate::queries::is_unique_violation(&err));
            let names: Vec<_> = list(c)?.into_iter().map(|p| p.name).collect();
            assert_eq!(names, ["Alpha", "beta"]);
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn unknown_type_is_rejected_by_the_foreign_key() {
        let reg = Registry::open_in_memory().unwrap();
        let mut bad = input("x");
        bad.type_id = "NOPE".into();
        let err = reg.read(|c| Ok(insert(c, "p1", &bad, "t"))).unwrap();
        assert!(err.is_err());
    }
}
