//! How the suite recognises its test user in a `list_users` output.

use serde_json::Value;

/// The keys of a listed user object that may carry its name or its id: what
/// generic APIs (`name`), SCIM (`userName`, `display`, `value` — RFC 7643 §4.2 lists
/// group members by id) and most others (`id`) use.
const USER_KEYS: [&str; 5] = ["name", "userName", "display", "value", "id"];

/// Whether a `list_users` output names the user: by its name or by the id that
/// `add_user` extracted (`user_id`), as a string or in an object under one of
/// [`USER_KEYS`]. Ids may be numbers.
pub(crate) fn lists_user(users: Option<&Value>, name: &str, id: Option<&Value>) -> bool {
    listed_user(users, name, id).is_some()
}

/// The entry of a `list_users` output that is the user (see [`lists_user`]).
pub(crate) fn listed_user<'u>(
    users: Option<&'u Value>,
    name: &str,
    id: Option<&Value>,
) -> Option<&'u Value> {
    let id = id.and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let is_user = |v: &Value| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return false,
        };
        text == name || id.as_deref() == Some(text.as_str())
    };
    users.and_then(Value::as_array).and_then(|list| {
        list.iter()
            .find(|u| is_user(u) || USER_KEYS.iter().any(|k| u.get(k).is_some_and(is_user)))
    })
}

/// The roles a listed user carries, where the connector extracts them: `role` (a
/// string) or `roles` (strings, or SCIM-style objects with `value`, `display` or
/// `name`). `None` when the entry says nothing about roles.
pub(crate) fn listed_roles(user: &Value) -> Option<Vec<String>> {
    if let Some(role) = user.get("role").and_then(Value::as_str) {
        return Some(vec![role.to_owned()]);
    }
    let roles = user.get("roles")?.as_array()?;
    Some(
        roles
            .iter()
            .filter_map(|r| match r {
                Value::String(s) => Some(s.clone()),
                other => ["value", "display", "name"]
                    .iter()
                    .find_map(|k| other.get(k).and_then(Value::as_str))
                    .map(str::to_owned),
            })
            .collect(),
    )
}

/// A `list_users` output as one bounded line, for "actual" in a difference.
pub(crate) fn shown_users(users: Option<&Value>) -> String {
    match users {
        None => "no users output".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 200 {
                format!("{}…", text.chars().take(200).collect::<String>())
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{listed_roles, lists_user};
    use serde_json::json;

    #[test]
    fn a_user_is_recognised_by_name_or_by_its_id() {
        let id = json!("2819c223");
        // Names as strings, or objects with any of the usual keys.
        assert!(lists_user(Some(&json!(["ada"])), "ada", None));
        assert!(lists_user(Some(&json!([{"name": "ada"}])), "ada", None));
        assert!(lists_user(Some(&json!([{"userName": "ada"}])), "ada", None));
        // SCIM lists group members by id, `display` optional (RFC 7643 §4.2).
        let scim = json!([{"value": "2819c223", "$ref": "/Users/2819c223"}]);
        assert!(lists_user(Some(&scim), "ada", Some(&id)));
        assert!(!lists_user(Some(&scim), "ada", None));
        assert!(lists_user(Some(&json!([{"display": "ada"}])), "ada", None));
        // Numeric ids, as strings or numbers on either side.
        assert!(lists_user(
            Some(&json!([{"id": 42}])),
            "ada",
            Some(&json!("42"))
        ));
        assert!(lists_user(Some(&json!(["42"])), "ada", Some(&json!(42))));
        // Someone else, or not a list, is not the user.
        assert!(!lists_user(
            Some(&json!([{"value": "other"}, "bob"])),
            "ada",
            Some(&id)
        ));
        assert!(!lists_user(Some(&json!({"ada": true})), "ada", None));
        assert!(!lists_user(None, "ada", Some(&id)));
        // A nested object under a key is not mistaken for a match.
        assert!(!lists_user(
            Some(&json!([{"name": {"givenName": "ada"}}])),
            "ada",
            None
        ));
    }

    #[test]
    fn roles_are_read_where_the_connector_extracts_them() {
        assert_eq!(
            listed_roles(&json!({"name": "ada", "role": "developer"})),
            Some(vec!["developer".into()])
        );
        assert_eq!(
            listed_roles(&json!({"name": "ada", "roles": ["viewer", {"value": "admin"}]})),
            Some(vec!["viewer".into(), "admin".into()])
        );
        assert_eq!(listed_roles(&json!({"name": "ada"})), None);
        assert_eq!(listed_roles(&json!("ada")), None);
    }
}
