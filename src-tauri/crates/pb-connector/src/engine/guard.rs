//! Where a run's requests may go (see `crate::origin`): refusing another origin
//! before anything is sent, and reporting a redirect the client did not follow.

use super::Run;
use crate::error::ConnectorError;

impl Run<'_> {
    /// Refuses a request to an origin other than the instance's (or one the
    /// connector allows), before anything is sent: it may carry credentials.
    pub(super) fn guard_origin(&self, request: &str, url: &str) -> Result<(), ConnectorError> {
        if self.origins.permits(url) {
            return Ok(());
        }
        Err(ConnectorError::ForeignOrigin {
            request: request.to_owned(),
            url: self.redactor.text(url),
            origin: self.origins.home().to_owned(),
        })
    }

    /// A 3xx with a `Location` the client did not follow (another origin): the
    /// error names where the platform points, so the administrator can set it as
    /// the endpoint instead.
    pub(super) fn redirected(
        &self,
        request: &str,
        url: &str,
        status: u16,
        headers: &[(String, String)],
    ) -> Option<ConnectorError> {
        if !(300..400).contains(&status) || status == 304 {
            return None;
        }
        let location = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("location"))?;
        Some(ConnectorError::Redirected {
            request: request.to_owned(),
            status,
            location: self
                .redactor
                .text(&crate::origin::redirect_target(url, &location.1)),
        })
    }
}
