//! The platform's data: tenants with users and quotas. Quotas are enforced: a
//! resource allocation that would exceed a tenant's limit is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub description: String,
    pub tags: BTreeMap<String, String>,
    #[serde(skip)]
    pub users: BTreeMap<String, User>,
    #[serde(skip)]
    pub quotas: BTreeMap<String, Quota>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    #[serde(default)]
    pub email: String,
    pub role: String,
    /// Whether an initial password was set; the password itself is never returned.
    #[serde(default)]
    pub has_password: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Quota {
    pub limit: i64,
    pub used: i64,
}

/// Roles the platform knows; anything else is rejected like a real platform would.
pub const ROLES: &[&str] = &["viewer", "developer", "owner"];

#[derive(Default)]
pub struct Store {
    pub tenants: BTreeMap<String, Tenant>,
    /// Set while a `DuplicateNames` fault lets a create through: a second tenant of
    /// a name already taken is made, as on a platform without unique names.
    pub duplicate_names: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    Conflict(String),
    NotFound(String),
    Invalid(String),
    QuotaExceeded {
        key: String,
        limit: i64,
        requested: i64,
    },
}

impl Store {
    pub fn create_tenant(
        &mut self,
        name: &str,
        description: &str,
        tags: BTreeMap<String, String>,
    ) -> Result<Tenant, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::Invalid("name must not be empty".into()));
        }
        if !self.duplicate_names && self.tenants.values().any(|t| t.name == name) {
            return Err(StoreError::Conflict(format!(
                "tenant '{name}' already exists"
            )));
        }
        let tenant = Tenant {
            id: uuid::Uuid::new_v4().simple().to_string(),
            name: name.to_owned(),
            description: description.to_owned(),
            tags,
            users: BTreeMap::new(),
            quotas: BTreeMap::new(),
        };
        self.tenants.insert(tenant.id.clone(), tenant.clone());
        Ok(tenant)
    }

    pub fn tenant(&self, id: &str) -> Result<&Tenant, StoreError> {
        self.tenants
            .get(id)
            .ok_or_else(|| StoreError::NotFound(format!("tenant {id} not found")))
    }

    pub fn tenant_mut(&mut self, id: &str) -> Result<&mut Tenant, StoreError> {
        self.tenants
            .get_mut(id)
            .ok_or_else(|| StoreError::NotFound(format!("tenant {id} not found")))
    }

    pub fn delete_tenant(&mut self, id: &str) -> Result<(), StoreError> {
        self.tenants
            .remove(id)
            .map(|_| ())
            .ok_or_else(|| StoreError::NotFound(format!("tenant {id} not found")))
    }

    pub fn put_user(&mut self, tenant: &str, user: User) -> Result<bool, StoreError> {
        if !ROLES.contains(&user.role.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown role '{}'; known roles: {}",
                user.role,
                ROLES.join(", ")
            )));
        }
        let t = self.tenant_mut(tenant)?;
        Ok(t.users.insert(user.name.clone(), user).is_none())
    }

    pub fn remove_user(&mut self, tenant: &str, name: &str) -> Result<(), StoreError> {
        self.tenant_mut(tenant)?
            .users
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| StoreError::NotFound(format!("user {name} not found")))
    }

    pub fn set_quota(&mut self, tenant: &str, key: &str, limit: i64) -> Result<Quota, StoreError> {
        if limit < 0 {
            return Err(StoreError::Invalid("limit must not be negative".into()));
        }
        let t = self.tenant_mut(tenant)?;
        let q = t.quotas.entry(key.to_owned()).or_default();
        q.limit = limit;
        Ok(q.clone())
    }

    /// Allocates `amount` of a quota'd resource; refused when it would exceed the limit.
    pub fn allocate(&mut self, tenant: &str, key: &str, amount: i64) -> Result<Quota, StoreError> {
        let t = self.tenant_mut(tenant)?;
        let q = t
            .quotas
            .get_mut(key)
            .ok_or_else(|| StoreError::NotFound(format!("no quota '{key}' on this tenant")))?;
        if q.used + amount > q.limit {
            return Err(StoreError::QuotaExceeded {
                key: key.to_owned(),
                limit: q.limit,
                requested: q.used + amount,
            });
        }
        q.used += amount;
        Ok(q.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_are_enforced() {
        let mut s = Store::default();
        let t = s.create_tenant("a", "", BTreeMap::new()).unwrap();
        s.set_quota(&t.id, "cpu", 4).unwrap();
        s.allocate(&t.id, "cpu", 3).unwrap();
        let err = s.allocate(&t.id, "cpu", 2).unwrap_err();
        assert_eq!(
            err,
            StoreError::QuotaExceeded {
                key: "cpu".into(),
                limit: 4,
                requested: 5
            }
        );
        assert_eq!(s.tenant(&t.id).unwrap().quotas["cpu"].used, 3);
    }

    #[test]
    fn names_unique_and_roles_checked() {
        let mut s = Store::default();
        let t = s.create_tenant("a", "", BTreeMap::new()).unwrap();
        assert!(matches!(
            s.create_tenant("a", "", BTreeMap::new()),
            Err(StoreError::Conflict(_))
        ));
        let bad = User {
            name: "u".into(),
            email: String::new(),
            role: "god".into(),
            has_password: false,
        };
        assert!(matches!(
            s.put_user(&t.id, bad),
            Err(StoreError::Invalid(_))
        ));
    }
}
