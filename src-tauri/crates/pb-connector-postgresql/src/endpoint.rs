//! The instance endpoint, a libpq-style URL:
//! `postgresql://HOST[:PORT][/DATABASE][?sslmode=...&sslrootcert=...&connect_timeout=...]`.
//! The database is the one the admin user connects to (default `postgres`), not a
//! tenant's. A password in the URL is refused: it belongs in the instance's
//! credential, which reaches this program only in `PGPASSWORD`.

use crate::protocol::Failure;

/// Seconds psql waits for a connection (libpq's PGCONNECT_TIMEOUT): a dead
/// address fails well within the exec connector's own timeout.
pub const DEFAULT_CONNECT_TIMEOUT_S: u32 = 5;

#[derive(Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub dbname: String,
    /// The user named in the URL, used when the instance has no `admin_user`.
    pub user: Option<String>,
    pub sslmode: Option<String>,
    pub sslrootcert: Option<String>,
    pub connect_timeout_s: u32,
}

impl Endpoint {
    pub fn parse(url: &str) -> Result<Endpoint, Failure> {
        let bad = |why: &str| {
            Failure::config(format!(
                "endpoint '{url}': {why} (expected postgresql://HOST:PORT/DATABASE)"
            ))
        };
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| bad("not a postgresql:// URL"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hp)) => {
                if userinfo.contains(':') {
                    // Not quoting the URL: it holds a password.
                    return Err(Failure::config(
                        "the endpoint holds a password, which does not belong there: store it as the instance's credential",
                    ));
                }
                (Some(userinfo.to_owned()), hp)
            }
            None => (None, authority),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
            (h, after.strip_prefix(':'))
        } else {
            match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
        if !host_ok {
            return Err(bad("no usable host name"));
        }
        let port = match port {
            None | Some("") => 5432,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?,
        };
        let dbname = if path.is_empty() { "postgres" } else { path };
        // psql takes a -d value with '=' or a URL prefix as a whole connection
        // string: only plain names, so the endpoint cannot smuggle options in.
        if !dbname
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(bad(
                "the database name may hold letters, digits, '_', '-' and '.'",
            ));
        }
        let mut endpoint = Endpoint {
            host: host.to_owned(),
            port,
            dbname: dbname.to_owned(),
            user,
            sslmode: None,
            sslrootcert: None,
            connect_timeout_s: DEFAULT_CONNECT_TIMEOUT_S,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    const MODES: [&str; 6] =
                        ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
                    if !MODES.contains(&value) {
                        return Err(bad(&format!("sslmode must be one of {}", MODES.join(", "))));
                    }
                    endpoint.sslmode = Some(value.to_owned());
                }
                "sslrootcert" => endpoint.sslrootcert = Some(value.to_owned()),
                "connect_timeout" => {
                    endpoint.connect_timeout_s = value
                        .parse()
                        .ok()
                        .filter(|s| (1..=60).contains(s))
                        .ok_or_else(|| bad("connect_timeout must be 1 to 60 seconds"))?
                }
                other => {
                    return Err(bad(&format!(
                        "unsupported parameter '{other}' (sslmode, sslrootcert and connect_timeout are)"
                    )))
                }
            }
        }
        Ok(endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_parsed() {
        let e = Endpoint::parse("postgresql://127.0.0.1:5433/postgres")
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(
            (e.host.as_str(), e.port, e.dbname.as_str()),
            ("127.0.0.1", 5433, "postgres")
        );
        assert_eq!(e.connect_timeout_s, DEFAULT_CONNECT_TIMEOUT_S);
        let e =
            Endpoint::parse("postgres://admin@db.example?sslmode=verify-full&connect_timeout=3")
                .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(
            (e.port, e.dbname.as_str(), e.user.as_deref()),
            (5432, "postgres", Some("admin"))
        );
        assert_eq!(
            (e.sslmode.as_deref(), e.connect_timeout_s),
            (Some("verify-full"), 3)
        );
        let e = Endpoint::parse("postgresql://[::1]:6000/x")
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!((e.host.as_str(), e.port), ("::1", 6000));
    }

    #[test]
    fn bad_endpoints_are_configuration_errors() {
        for (url, why) in [
            ("http://h/db", "not a postgresql"),
            ("postgresql://u:secret@h/db", "does not belong there"),
            ("postgresql://h:99999/db", "port"),
            ("postgresql://h/host=evil", "database name"),
            ("postgresql://h/db?sslmode=maybe", "sslmode"),
            ("postgresql://h/db?options=-c", "unsupported parameter"),
            ("postgresql:///db", "host"),
        ] {
            let e = Endpoint::parse(url);
            assert!(e.is_err_and(|f| f.message.contains(why)), "{url}");
        }
    }
}
