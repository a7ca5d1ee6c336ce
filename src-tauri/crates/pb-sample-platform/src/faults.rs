//! Fault injection, set per route prefix through `POST /_admin/faults`, so tests can
//! make the platform slow, failing, rate-limited, broken or silent on purpose.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally, after a delay.
    Latency { ms: u64 },
    /// Answer with this status and a JSON error body.
    Status { code: u16 },
    /// 429 with a `Retry-After` header.
    RateLimited { retry_after_secs: u64 },
    /// 200 with a body that is not JSON.
    InvalidJson,
    /// 200 and the start of a body, then the connection is closed mid-body.
    ResetMidBody,
    /// Never answer.
    Hang,
    /// Answer with this 3xx status and `Location` (another host, to test that a
    /// credential does not follow a redirect).
    Redirect { status: u16, location: String },
    /// Let any request through as if its credential were right, even a wrong or
    /// missing one: a platform left unprotected, for the suite's "credential
    /// refused" step to catch.
    AcceptAnyCredential,
    /// Create a tenant even when its name is taken (a second one, with its own
    /// id), instead of answering 409.
    DuplicateNames,
    /// Store an added user with this role, whatever role the request asked for: a
    /// platform that maps roles its own way, for the suite's user round trip.
    IgnoreRole { role: String },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Fault {
    /// Applies to requests whose path starts with this (e.g. `/api/tenants`).
    pub path_prefix: String,
    /// Only for this HTTP method, if set.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Applies this many times, then the route behaves again (None: always).
    #[serde(default)]
    pub times: Option<u32>,
    /// Lets this many matching requests through untouched first (to fail, say, the
    /// second GET of a tenant rather than the first).
    #[serde(default)]
    pub after: Option<u32>,
}

/// Finds the fault for a request and uses up one of its `times`.
pub fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<FaultKind> {
    let index = faults.iter().position(|f| {
        path.starts_with(&f.path_prefix)
            && f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    let fault = &mut faults[index];
    if let Some(after) = &mut fault.after {
        if *after > 0 {
            *after -= 1;
            return None;
        }
    }
    let kind = fault.kind.clone();
    if let Some(times) = &mut fault.times {
        *times -= 1;
        if *times == 0 {
            faults.remove(index);
        }
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limited_faults_wear_off() {
        let mut faults = vec![Fault {
            path_prefix: "/api/tenants".into(),
            method: Some("POST".into()),
            kind: FaultKind::Status { code: 503 },
            times: Some(2),
            after: Some(1),
        }];
        assert_eq!(take(&mut faults, "GET", "/api/tenants"), None);
        assert_eq!(
            take(&mut faults, "POST", "/api/tenants"),
            None,
            "let through once"
        );
        assert!(take(&mut faults, "post", "/api/tenants/x").is_some());
        assert!(take(&mut faults, "POST", "/api/tenants").is_some());
        assert_eq!(take(&mut faults, "POST", "/api/tenants"), None);
    }

    #[test]
    fn fault_json_shape() {
        let f: Fault = serde_json::from_str(
            r#"{"path_prefix":"/api","kind":"rate_limited","retry_after_secs":1}"#,
        )
        .unwrap();
        assert_eq!(
            f.kind,
            FaultKind::RateLimited {
                retry_after_secs: 1
            }
        );
    }
}
