//! Authentication of a run: every scheme's headers, query parameters or signer,
//! and the OAuth2 client-credentials token (fetched once, cached until shortly
//! before it expires).

use std::time::{Duration, Instant};

use pb_secrets::Sensitive;
use serde_json::Value;

use super::{join_url, CallContext, Run, Signer};
use crate::definition::Auth;
use crate::error::ConnectorError;

impl Run<'_> {
    pub(super) async fn authenticate(&mut self, ctx: &CallContext) -> Result<(), ConnectorError> {
        if let Auth::Login { .. } = &self.connector.auth {
            return self.login(ctx, false).await;
        }
        let Auth::Oauth2ClientCredentials {
            token_url,
            client_id,
            secret,
            scope,
        } = &self.connector.auth
        else {
            return self.authenticate_without_network(ctx);
        };
        let url = join_url(&ctx.base_url, &self.render("auth.tokenUrl", token_url)?);
        self.guard_origin("token request", &url)?;
        let client_id = self.render("auth.clientId", client_id)?;
        let client_secret = self.secret(ctx, secret)?;
        let token = self
            .oauth_token(&url, &client_id, &client_secret, scope.as_deref())
            .await?;
        self.redactor.add(&token);
        self.auth_headers
            .push(("Authorization".into(), format!("Bearer {}", token.expose())));
        Ok(())
    }

    /// Sets up every scheme except OAuth2's token fetch (shared with the dry run).
    pub(super) fn authenticate_without_network(
        &mut self,
        ctx: &CallContext,
    ) -> Result<(), ConnectorError> {
        match &self.connector.auth {
            // OAuth2's and a login's tokens are fetched by `authenticate` (or shown
            // by the dry run).
            Auth::None | Auth::Oauth2ClientCredentials { .. } | Auth::Login { .. } => {}
            Auth::ApiKey {
                header,
                query,
                secret,
            } => {
                let value = self.secret(ctx, secret)?.expose().clone();
                if let Some(h) = header {
                    self.auth_headers.push((h.clone(), value.clone()));
                }
                if let Some(q) = query {
                    self.auth_query.push((q.clone(), value));
                }
                if header.is_none() && query.is_none() {
                    return Err(ConnectorError::Definition(
                        "api_key auth needs a header or a query parameter name".into(),
                    ));
                }
            }
            Auth::Bearer { secret } => {
                let token = self.secret(ctx, secret)?;
                self.auth_headers
                    .push(("Authorization".into(), format!("Bearer {}", token.expose())));
            }
            Auth::Basic { username, secret } => {
                use base64::Engine as _;
                let user = self.render("auth.username", username)?;
                let password = self.secret(ctx, secret)?;
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", password.expose()));
                self.auth_headers
                    .push(("Authorization".into(), format!("Basic {encoded}")));
            }
            Auth::MutualTls => {
                if ctx.tls.client_identity.is_none() {
                    return Err(ConnectorError::Definition(
                        "this connector authenticates with a client certificate (mutual TLS); set the instance's client certificate and key".into(),
                    ));
                }
            }
            Auth::HmacSignature {
                secret,
                signature_header,
                timestamp_header,
            } => {
                self.signer = Some(Signer {
                    key: self.secret(ctx, secret)?,
                    signature_header: signature_header.clone(),
                    timestamp_header: timestamp_header.clone(),
                });
            }
        }
        Ok(())
    }

    /// Fetches a client-credentials token, reusing a cached one until shortly
    /// before it expires.
    async fn oauth_token(
        &mut self,
        url: &str,
        client_id: &str,
        client_secret: &Sensitive<String>,
        scope: Option<&str>,
    ) -> Result<Sensitive<String>, ConnectorError> {
        // Keyed by everything that decides the token (the secret as a digest): two
        // instances naming the same token URL and client with different secrets
        // must not share one.
        let cache_key = super::login::hex(&super::client::digest(&[
            "oauth2",
            url,
            client_id,
            client_secret.expose(),
            scope.unwrap_or_default(),
        ]));
        if let Some((token, expires)) = self.engine.tokens.lock().await.get(&cache_key) {
            if Instant::now() < *expires {
                return Ok(token.clone());
            }
        }
        let mut form = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", client_id.to_owned()),
            ("client_secret", client_secret.expose().clone()),
        ];
        if let Some(scope) = scope {
            form.push(("scope", scope.to_owned()));
        }
        let name = "token request".to_owned();
        let started = Instant::now();
        let result = self.client.post(url).form(&form).send().await;
        let mut exchange = self.exchange(
            &name,
            0,
            "POST",
            url,
            &[],
            Some("<form: grant_type=client_credentials>"),
        );
        exchange.duration_ms = started.elapsed().as_millis() as u64;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                exchange.error = Some(self.redactor.text(&e.to_string()));
                self.exchanges.push(exchange);
                return Err(self.transport_error(&name, url, &e));
            }
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("<binary>").to_owned()))
            .collect();
        // Capped like every body that reaches extraction.
        let body = super::login::read_capped(response)
            .await
            .unwrap_or_default();
        exchange.status = Some(status);
        exchange.response_body = Some(self.redactor.body(&body));
        // The access token is in this body: learn it before recording anything.
        let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        let token = parsed["access_token"].as_str().map(str::to_owned);
        if let Some(t) = &token {
            self.redactor.add(&Sensitive::new(t.clone()));
            exchange.response_body = Some(self.redactor.body(&body));
        }
        self.exchanges.push(exchange);
        if let Some(e) = self.redirected(&name, url, status, &headers) {
            return Err(e);
        }
        if status == 400 || status == 401 || status == 403 {
            return Err(ConnectorError::Unauthorized {
                request: name,
                status,
                message: self
                    .redactor
                    .text(parsed["error"].as_str().unwrap_or_default()),
            });
        }
        let token = token.ok_or_else(|| ConnectorError::Extraction {
            request: name.clone(),
            output: "access_token".into(),
            pointer: "/access_token".into(),
        })?;
        // Capped at a day: a platform answering a huge `expires_in` must not
        // overflow the clock arithmetic, and a day-old token is worth refreshing.
        let lifetime = parsed["expires_in"].as_u64().unwrap_or(300).min(86_400);
        // Refresh a little early so a token never expires mid-operation.
        let expires = Instant::now() + Duration::from_secs(lifetime.saturating_sub(30).max(1));
        let token = Sensitive::new(token);
        self.engine
            .tokens
            .lock()
            .await
            .insert(cache_key, (token.clone(), expires));
        Ok(token)
    }
}
