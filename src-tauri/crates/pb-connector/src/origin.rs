//! Where a connector's requests may go. Every request of an HTTP connector may
//! carry the instance's credentials (auth headers, API keys in the query, a login
//! or OAuth2 token, the client certificate, secrets in templates), so every one —
//! the login and the OAuth2 token request included — goes only to the origin of
//! the instance's endpoint, or to an origin the connector lists in
//! `allowedOrigins` (which the review step, the platform page and the docs show).
//! Anything else is refused before it is sent. Redirects are followed only within
//! the origin they started at; one to another origin is not followed (reqwest
//! would carry custom credential headers along) and is reported instead.

/// Redirects followed within one origin, at most (a loop ends here; the chain is
/// also bounded by the request's total timeout).
const MAX_REDIRECTS: usize = 5;

/// The origin of `url` as `scheme://host:port` (default ports left out), or None
/// when it is not an absolute http(s) URL.
pub fn origin(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    parsed.host_str()?;
    Some(parsed.origin().ascii_serialization())
}

/// Checks one `allowedOrigins` entry and returns it normalised: an http(s)
/// origin, with no path, query, fragment or user name.
pub fn allowed_origin(entry: &str) -> Result<String, String> {
    let problem = |why: &str| Err(format!("allowedOrigins: '{entry}' {why}"));
    let Ok(parsed) = url::Url::parse(entry) else {
        return problem("is not a URL; write an origin such as https://login.example.com");
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return problem("must be an http:// or https:// origin");
    }
    if parsed.host_str().is_none() {
        return problem("has no host");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return problem("must not carry a user name or password");
    }
    if parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some() {
        return problem("must be an origin only (scheme, host and port), without a path");
    }
    Ok(parsed.origin().ascii_serialization())
}

/// The origins one run may send to.
#[derive(Clone, Debug)]
pub struct Origins {
    home: Option<String>,
    allowed: Vec<String>,
}

impl Origins {
    pub fn new(endpoint: &str, declared: &[String]) -> Self {
        Origins {
            home: origin(endpoint),
            allowed: declared.iter().filter_map(|d| origin(d)).collect(),
        }
    }

    /// The instance endpoint's origin, as messages name it.
    pub fn home(&self) -> &str {
        self.home
            .as_deref()
            .unwrap_or("(the endpoint is not an http(s) URL)")
    }

    pub fn permits(&self, url: &str) -> bool {
        match origin(url) {
            Some(o) => self.home.as_deref() == Some(o.as_str()) || self.allowed.contains(&o),
            None => false,
        }
    }
}

/// Follows a redirect only to the origin the request was sent to (reqwest keeps
/// custom headers, such as an API key, on every redirect it follows), so a
/// platform can move `/api/x` to `/api/x/` but not hand a credential to another
/// host; anything else comes back as the 3xx response, which the engine reports.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if first.as_ref() == Some(&attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The redirect's target as an absolute URL (a relative `Location` is resolved
/// against the request's URL).
pub fn redirect_target(request_url: &str, location: &str) -> String {
    url::Url::parse(request_url)
        .and_then(|base| base.join(location))
        .map(|u| u.to_string())
        .unwrap_or_else(|_| location.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let o = Origins::new(
            "https://api.example.com/v1/",
            &["https://login.example.com".to_owned()],
        );
        assert!(o.permits("https://api.example.com/v1/tenants"));
        assert!(o.permits("https://api.example.com:443/other"));
        assert!(o.permits("https://login.example.com/token"));
        assert!(!o.permits("http://api.example.com/v1/tenants"));
        assert!(!o.permits("https://api.example.com:8443/v1"));
        assert!(!o.permits("https://api.example.com.evil.test/"));
        assert!(!o.permits("https://evil.test/?https://api.example.com"));
        assert!(!o.permits("file:///etc/passwd"));
        assert_eq!(o.home(), "https://api.example.com");
    }

    #[test]
    fn allowed_origins_are_origins_only() {
        assert_eq!(
            allowed_origin("https://Login.Example.com:443").unwrap(),
            "https://login.example.com"
        );
        assert_eq!(
            allowed_origin("http://127.0.0.2:8080/").unwrap(),
            "http://127.0.0.2:8080"
        );
        for bad in [
            "login.example.com",
            "ftp://x.example.com",
            "https://u:p@x.example.com",
            "https://x.example.com/path",
            "https://x.example.com/?q=1",
        ] {
            assert!(allowed_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_redirects_resolve_against_the_request() {
        assert_eq!(
            redirect_target("http://127.0.0.1:1/api/a", "/api/b"),
            "http://127.0.0.1:1/api/b"
        );
        assert_eq!(
            redirect_target("http://127.0.0.1:1/api/a", "http://127.0.0.2:9/steal"),
            "http://127.0.0.2:9/steal"
        );
    }
}
