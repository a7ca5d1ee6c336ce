//! Dry run: every request an operation would send, rendered with the real templates
//! and values but never sent, secrets masked. Administrators use it to review a
//! connector before pointing it at a platform; tests use it where no platform can
//! run (the Kubernetes preset).

use serde::Serialize;
use serde_json::Value;

use super::{CallContext, Engine, Run};
use crate::definition::{Auth, Connector, Operation};
use crate::error::ConnectorError;
use crate::redact::{Redactor, MASK};

/// One request as it would be sent.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RenderedRequest {
    pub name: String,
    pub method: String,
    /// With the query string; secrets masked.
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The JSON body (a form body as an object of its fields); secrets masked.
    #[ts(type = "unknown")]
    pub body: Option<Value>,
}

impl Engine {
    /// Renders `operation` without sending anything. Outputs that earlier requests
    /// would extract appear as `<output name>` placeholders.
    pub fn dry_run(
        &self,
        connector: &Connector,
        operation: Operation,
        ctx: &CallContext,
    ) -> Result<Vec<RenderedRequest>, ConnectorError> {
        let ctx = crate::password::with_user_password(ctx, operation)
            .map_err(ConnectorError::Definition)?;
        let ctx = ctx.as_ref();
        let http = match connector {
            Connector::Http(h) => h,
            Connector::Exec(e) => {
                if !e.operations.contains(&operation) {
                    return Err(ConnectorError::NotDefined(operation.as_str().into()));
                }
                let input = crate::exec::input(operation, ctx);
                return Ok(vec![RenderedRequest {
                    name: operation.as_str().into(),
                    method: "EXEC".into(),
                    url: e.command.join(" "),
                    headers: e
                        .secret_env
                        .keys()
                        .map(|var| (var.clone(), MASK.into()))
                        .collect(),
                    body: Some(mask(&Redactor::new(ctx.secrets.values()), &input)),
                }]);
            }
        };
        let spec = http
            .operations
            .get(&operation)
            .ok_or_else(|| ConnectorError::NotDefined(operation.as_str().into()))?;
        // Never used to send; building it checks the instance's TLS settings.
        let client = self.client(&http.timeouts, &ctx.tls).map_err(|e| {
            ConnectorError::Definition(format!("TLS settings of this instance: {e}"))
        })?;
        let mut run = Run::new(self, http, operation, client, ctx);
        run.dry_authenticate(ctx)?;
        let mut rendered = Vec::new();
        for (index, request) in spec.requests.iter().enumerate() {
            // What would be sent: a request whose `when` is false is not.
            if !run.wanted(index, request)? {
                continue;
            }
            let r = run.render_request(index, request)?;
            let headers = r
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), run.redactor.header(k, v)))
                .chain(run.signer.iter().flat_map(|s| s.recorded_headers()))
                .collect();
            rendered.push(RenderedRequest {
                name: request.display_name(),
                method: request.method.as_str().into(),
                url: run
                    .redactor
                    .text(&super::send::url_with_query(&r.url, &r.query)),
                headers,
                body: r.body.as_ref().map(|b| mask(&run.redactor, &b.as_json())),
            });
            if let Some(Value::Object(outputs)) = run.context.get_mut("outputs") {
                for name in request.extract.keys() {
                    outputs.insert(name.clone(), Value::String(format!("<output {name}>")));
                }
            }
        }
        Ok(rendered)
    }
}

fn mask(redactor: &Redactor, value: &Value) -> Value {
    serde_json::from_str(&redactor.text(&value.to_string())).unwrap_or(Value::Null)
}

impl Run<'_> {
    /// Authentication as `authenticate` sets it up, without any network call: an
    /// OAuth2 token is shown as a placeholder instead of being fetched.
    fn dry_authenticate(&mut self, ctx: &CallContext) -> Result<(), ConnectorError> {
        if let Auth::Oauth2ClientCredentials { token_url, .. } = &self.connector.auth {
            let url = self.render("auth.tokenUrl", token_url)?;
            self.auth_headers
                .push(("Authorization".into(), format!("Bearer <token from {url}>")));
            return Ok(());
        }
        if let Auth::Login { send, request, .. } = &self.connector.auth {
            let placeholder = format!(
                "<token from login {} {}>",
                request.method.as_str(),
                request.path
            );
            let mut context = self.context.clone();
            context["token"] = Value::String(placeholder);
            for (header, template) in send {
                let value =
                    self.engine
                        .templates
                        .render(template, &context)
                        .map_err(|message| ConnectorError::Template {
                            operation: self.op(),
                            field: format!("auth.send.{header}"),
                            message,
                        })?;
                self.auth_headers.push((header.clone(), value));
            }
            return Ok(());
        }
        self.authenticate_without_network(ctx)
    }
}
