//! Results that explain themselves: a step that failed in its operation says what
//! was expected against what happened, from the connector's own error, with a
//! status's expectation read from the request that got it (`expect`).

use pb_connector::definition::{Connector, RequestSpec};
use pb_connector::engine::OperationError;
use pb_connector::{Difference, Exchange, Operation};

/// The statuses a request accepts, as read: `HTTP 201`, `HTTP 200 or 201`, `a 2xx
/// status`.
fn accepted(spec: &RequestSpec) -> String {
    let shown: Vec<String> = spec.expect.iter().map(|s| s.to_string()).collect();
    match shown.as_slice() {
        [] => "a 2xx status".into(),
        [one] => format!("HTTP {one}"),
        [rest @ .., last] => format!("HTTP {} or {last}", rest.join(", ")),
    }
}

/// The request of `op` that the exchange was sent for.
fn request<'c>(connector: &'c Connector, op: Operation, name: &str) -> Option<&'c RequestSpec> {
    connector
        .as_http()?
        .operations
        .get(&op)?
        .requests
        .iter()
        .find(|r| r.display_name() == name)
}

pub(crate) fn differences(
    connector: &Connector,
    op: Operation,
    error: &OperationError,
    exchanges: &[Exchange],
) -> Vec<Difference> {
    let last = exchanges.last();
    let status = last.and_then(|e| e.status);
    if op == Operation::ProbeQuota && status.is_some_and(|s| (200..300).contains(&s)) {
        let refusal = last
            .and_then(|e| request(connector, op, &e.request))
            .map_or("a refusal".to_owned(), |r| {
                format!("a refusal ({})", accepted(r))
            });
        return vec![Difference::new(
            "status",
            refusal,
            format!(
                "HTTP {}: the platform accepted going over the quota",
                status.unwrap_or(0)
            ),
        )];
    }
    let mut difference = error
        .difference
        .clone()
        .unwrap_or_else(|| Difference::new(op.as_str(), "success", error.message.clone()));
    if error.code == "unexpected_status" {
        if let Some(spec) = last.and_then(|e| request(connector, op, &e.request)) {
            difference.what = format!("status of {}", spec.display_name());
            difference.expected = accepted(spec);
        }
    }
    vec![difference]
}

/// A probe that failed because the platform *accepted* going over the quota says so.
pub(crate) fn probe_message(op: Operation, exchanges: &[Exchange], message: &str) -> String {
    let accepted = exchanges
        .last()
        .and_then(|e| e.status)
        .is_some_and(|s| (200..300).contains(&s));
    if op == Operation::ProbeQuota && accepted {
        "NOT enforced: the platform accepted going over the quota".into()
    } else {
        message.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_statuses_read_as_words() {
        let spec = |expect: Vec<u16>| RequestSpec {
            name: None,
            method: pb_connector::definition::Method::Get,
            path: "/x".into(),
            query: Default::default(),
            headers: Default::default(),
            body: None,
            expect,
            not_found: None,
            extract: Default::default(),
            success: vec![],
            error_message: None,
            when: None,
        };
        assert_eq!(accepted(&spec(vec![])), "a 2xx status");
        assert_eq!(accepted(&spec(vec![201])), "HTTP 201");
        assert_eq!(accepted(&spec(vec![200, 201, 204])), "HTTP 200, 201 or 204");
    }
}
