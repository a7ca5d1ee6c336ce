//! Reading a definition: YAML (or JSON) into the types, then every check the
//! types alone cannot express (unknown keys beside `flatten`, the version,
//! templates, secret names, login and `when` rules), each with a precise message.

use super::*;

/// Parses a definition from YAML (JSON is YAML too).
pub fn parse(text: &str) -> Result<ConnectorDefinition, String> {
    const HTTP_KEYS: &[&str] = &[
        "apiVersion",
        "kind",
        "headers",
        "timeouts",
        "retries",
        "auth",
        "allowedOrigins",
        "operations",
        "unsupported",
    ];
    const EXEC_KEYS: &[&str] = &[
        "apiVersion",
        "kind",
        "command",
        "timeoutMs",
        "env",
        "secretEnv",
        "operations",
        "unsupported",
        "duplicate",
    ];
    crate::bounds::check_depth(text).map_err(|e| e.to_string())?;
    let raw: serde_norway::Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    let kind = raw.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let allowed = match kind {
        "http" => HTTP_KEYS,
        "exec" => EXEC_KEYS,
        other => return Err(format!("kind must be 'http' or 'exec', not '{other}'")),
    };
    if let Some(map) = raw.as_mapping() {
        for key in map.keys() {
            let key = key.as_str().unwrap_or_default();
            if !allowed.contains(&key) {
                return Err(format!(
                    "unknown field `{key}`; expected one of {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    let def: ConnectorDefinition = serde_norway::from_value(raw).map_err(|e| e.to_string())?;
    if def.api_version != API_VERSION {
        return Err(format!(
            "apiVersion '{}' is not supported; this build reads '{API_VERSION}'",
            def.api_version
        ));
    }
    crate::template::check_syntax(&serde_json::to_value(&def).map_err(|e| e.to_string())?)?;
    if !def.connector.defines(Operation::Check) {
        return Err("every connector needs a 'check' operation".into());
    }
    // Secret names are identifiers (`secrets.api_key` in templates); this also keeps
    // them apart from names the engine reserves, such as `user.password`.
    for name in def.connector.secret_names() {
        let mut chars = name.chars();
        let valid = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "secret name '{name}' must be an identifier (letters, digits, '_'), e.g. api_key"
            ));
        }
    }
    match &def.connector {
        Connector::Http(http) => {
            for entry in &http.allowed_origins {
                crate::origin::allowed_origin(entry)?;
            }
            // A file cannot make one click wait for hours: every wait has a ceiling.
            let t = &http.timeouts;
            let r = &http.retries;
            at_most("timeouts.connectMs", t.connect_ms, 60_000)?;
            at_most("timeouts.totalMs", t.total_ms, 600_000)?;
            at_most("retries.max", u64::from(r.max), 10)?;
            at_most("retries.backoffMs", r.backoff_ms, 60_000)?;
            at_most("retries.maxWaitMs", r.max_wait_ms, 300_000)?;
            if let Auth::Login { token, send, .. } = &http.auth {
                if token.header.is_some() == token.pointer.is_some() {
                    return Err("login auth: `token` needs exactly one of `header` (a response header) or `pointer` (into the response body)".into());
                }
                if send.is_empty() || !send.values().any(|v| v.contains("token")) {
                    return Err("login auth: `send` needs a header that carries the token, e.g. `X-Auth-Token: \"{{ token }}\"`".into());
                }
            }
            if let Some(op) = http
                .unsupported
                .keys()
                .find(|op| http.operations.contains_key(op))
            {
                return Err(format!(
                    "operation {} is both defined and listed as unsupported",
                    op.as_str()
                ));
            }
            if let Auth::Login { request, .. } = &http.auth {
                if request.when.is_some() {
                    return Err("login auth: the login request cannot have `when`: every operation needs the token".into());
                }
            }
            for (op, spec) in &http.operations {
                if spec.requests.is_empty() {
                    return Err(format!("operation {} has no requests", op.as_str()));
                }
                match &spec.duplicate {
                    Some(_) if *op != Operation::CreateTenant => {
                        return Err(format!(
                            "operations.{}.duplicate: only create_tenant says what a second create does",
                            op.as_str()
                        ));
                    }
                    Some(crate::definition::Duplicate::Conflict { conflict })
                        if !(400..500).contains(conflict) =>
                    {
                        return Err(format!(
                            "operations.create_tenant.duplicate.conflict: {conflict} is not a 4xx status (409 Conflict is usual)"
                        ));
                    }
                    _ => {}
                }
                match &spec.paging {
                    Some(_) if *op != Operation::ListTenants => {
                        return Err(format!(
                            "operations.{}.paging: only list_tenants is paged",
                            op.as_str()
                        ));
                    }
                    Some(crate::definition::Paging::Offset(o)) if !(1..=1000).contains(&o.size) => {
                        return Err(format!(
                            "operations.list_tenants.paging.offset.size: {} is not between 1 and 1000",
                            o.size
                        ));
                    }
                    Some(crate::definition::Paging::Next(n)) if n.trim().is_empty() => {
                        return Err("operations.list_tenants.paging.next: say where the next page's link is (e.g. /links/next)".into());
                    }
                    _ => {}
                }
                for (i, request) in spec.requests.iter().enumerate() {
                    if let Some(when) = &request.when {
                        crate::template::check_expression(when).map_err(|e| {
                            format!("operations.{}.requests.{i}.when: {e}", op.as_str())
                        })?;
                    }
                }
            }
        }
        Connector::Exec(exec) => {
            at_most("timeoutMs", exec.timeout_ms, 3_600_000)?;
            if exec.command.first().is_none_or(|p| p.trim().is_empty()) {
                return Err("an exec connector needs a command (the program to run)".into());
            }
            if exec.command.iter().any(|a| a.contains("{{")) {
                return Err("command arguments cannot be templates: values and secrets must not reach argv; use env or stdin".into());
            }
            if let Some(crate::definition::Duplicate::Conflict { conflict }) = &exec.duplicate {
                if *conflict != crate::exec::CONFLICT {
                    return Err(format!(
                        "duplicate.conflict: {conflict}; a program answers a conflict with the error class `conflict`, which counts as {}",
                        crate::exec::CONFLICT
                    ));
                }
            }
        }
    }
    Ok(def)
}

fn at_most(field: &str, value: u64, ceiling: u64) -> Result<(), String> {
    if value > ceiling {
        return Err(format!("{field} is {value}; at most {ceiling} is allowed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_have_ceilings() {
        let text = MINIMAL.replace(
            "kind: http\n",
            "kind: http\ntimeouts: {connectMs: 5000, totalMs: 86400000}\n",
        );
        let err = parse(&text).unwrap_err();
        assert_eq!(
            err,
            "timeouts.totalMs is 86400000; at most 600000 is allowed"
        );
    }

    const MINIMAL: &str = "apiVersion: platformbuilder.dev/connector/v1
kind: http
operations:
  check:
    requests:
      - method: GET
        path: /health
";

    #[test]
    fn minimal_definition_parses_with_defaults() {
        let def = parse(MINIMAL).unwrap();
        let http = def.connector.as_http().unwrap();
        assert_eq!(http.timeouts, Timeouts::default());
        assert_eq!(http.auth, Auth::None);
    }

    #[test]
    fn exec_definitions_keep_values_out_of_argv() {
        let exec = "apiVersion: platformbuilder.dev/connector/v1
kind: exec
command: [/usr/bin/platform-cli, --json]
secretEnv: {PLATFORM_TOKEN: token}
operations: [check, create_tenant]
";
        let def = parse(exec).unwrap();
        assert_eq!(def.connector.secret_names(), ["token"]);
        let templated = exec.replace("--json", "'--token={{ secrets.token }}'");
        assert!(parse(&templated).unwrap_err().contains("argv"));
        let http_key = exec.replace("operations:", "retries: {max: 1}\noperations:");
        assert!(parse(&http_key)
            .unwrap_err()
            .contains("unknown field `retries`"));
    }

    #[test]
    fn mistakes_are_reported_precisely() {
        let typo = MINIMAL.replace("operations:", "operatoins:");
        assert!(parse(&typo)
            .unwrap_err()
            .contains("unknown field `operatoins`"));
        let bad_field = MINIMAL.replace("path: /health", "path: /health\n        exepct: [200]");
        assert!(parse(&bad_field).unwrap_err().contains("exepct"));
        let version = MINIMAL.replace("/v1", "/v9");
        assert!(parse(&version).unwrap_err().contains("not supported"));
        let no_check = MINIMAL.replace("check:", "get_tenant:");
        assert!(parse(&no_check).unwrap_err().contains("'check'"));
        let when = MINIMAL.replace(
            "path: /health",
            "path: /health\n        when: fields.mode ==",
        );
        assert!(parse(&when).unwrap_err().contains("requests.0.when"));
        let braces = MINIMAL.replace(
            "path: /health",
            "path: /health\n        when: \"{{ fields.on }}\"",
        );
        assert!(parse(&braces).unwrap_err().contains("without braces"));
        let bad_secret = MINIMAL.replace(
            "operations:",
            "auth: {type: bearer, secret: user.password}\noperations:",
        );
        assert!(parse(&bad_secret).unwrap_err().contains("identifier"));
    }
}
