//! Reading an OpenAPI 3 document (YAML or JSON) into the list of endpoints the
//! administrator picks from to map onto connector operations. Only what mapping
//! needs is read (method, path, summary, operationId, whether a body is sent and an
//! example of it); `$ref`s to `components.schemas` are followed for the example.

use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;

use crate::definition::{Method, Operation};

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenApiEndpoint {
    pub method: Method,
    /// With OpenAPI's `{param}` placeholders, e.g. `/tenants/{name}`.
    pub path: String,
    pub summary: String,
    pub operation_id: Option<String>,
    /// A guess from method and path, e.g. `DELETE /tenants/{id}` → delete_tenant.
    pub suggested_operation: Option<Operation>,
    /// An example request body built from the schema (or the document's example).
    #[ts(type = "unknown")]
    pub body_example: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenApiDocument {
    pub title: String,
    pub version: String,
    /// The first `servers` URL, if any.
    pub server: Option<String>,
    pub endpoints: Vec<OpenApiEndpoint>,
}

/// Documents larger than this are refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

pub fn parse(text: &str) -> Result<OpenApiDocument, String> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err("The document is larger than 5 MiB".into());
    }
    crate::bounds::check_depth(text).map_err(|e| format!("The document is refused: {e}"))?;
    let doc: Value =
        serde_norway::from_str(text).map_err(|e| format!("Not valid YAML or JSON: {e}"))?;
    let version = doc["openapi"].as_str().unwrap_or_default();
    if !version.starts_with("3.") {
        return Err(if doc.get("swagger").is_some() {
            "This is a Swagger 2 document; convert it to OpenAPI 3 first".into()
        } else {
            "Not an OpenAPI 3 document (no `openapi: 3.x` field)".into()
        });
    }
    let paths = doc["paths"]
        .as_object()
        .ok_or("The document has no paths")?;
    let mut endpoints = Vec::new();
    for (path, item) in paths {
        for (name, method) in [
            ("get", Method::Get),
            ("head", Method::Head),
            ("post", Method::Post),
            ("put", Method::Put),
            ("patch", Method::Patch),
            ("delete", Method::Delete),
        ] {
            let Some(op) = item.get(name) else { continue };
            let body_schema = &op["requestBody"]["content"]["application/json"];
            let body_example = if body_schema.is_null() {
                None
            } else {
                Some(
                    body_schema
                        .get("example")
                        .cloned()
                        .unwrap_or_else(|| example(&doc, &body_schema["schema"], 0)),
                )
            };
            endpoints.push(OpenApiEndpoint {
                method,
                path: path.clone(),
                summary: op["summary"]
                    .as_str()
                    .or(op["description"].as_str())
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                operation_id: op["operationId"].as_str().map(str::to_owned),
                suggested_operation: suggest(method, path),
                body_example,
            });
        }
    }
    Ok(OpenApiDocument {
        title: doc["info"]["title"]
            .as_str()
            .unwrap_or("Untitled API")
            .to_owned(),
        version: doc["info"]["version"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        server: doc["servers"][0]["url"].as_str().map(str::to_owned),
        endpoints,
    })
}

/// Downloads a document over http(s), bounded by 10 s and [`MAX_DOCUMENT_BYTES`].
pub async fn fetch(url: &str) -> Result<String, String> {
    let parsed = url::Url::parse(url).map_err(|_| "Enter a full http(s) URL".to_owned())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("Only http and https URLs can be fetched".into());
    }
    crate::tls::install_crypto_provider();
    let client = reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    let mut response = client
        .get(parsed)
        .send()
        .await
        .map_err(|e| format!("Cannot fetch the document: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("The server answered {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("Reading the document failed: {e}"))?
    {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_DOCUMENT_BYTES {
            return Err("The document is larger than 5 MiB".into());
        }
    }
    String::from_utf8(body).map_err(|_| "The document is not UTF-8 text".into())
}

/// An example value for a schema; `$ref`s followed up to a depth that stops cycles.
fn example(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let target = r
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer))
            .unwrap_or(&Value::Null);
        return example(doc, target, depth + 1);
    }
    if let Some(e) = schema.get("example").or(schema.get("default")) {
        return e.clone();
    }
    if let Some(first) = schema["enum"].get(0) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("object") | None if schema.get("properties").is_some() => {
            let mut out = Map::new();
            if let Some(props) = schema["properties"].as_object() {
                for (k, v) in props {
                    out.insert(k.clone(), example(doc, v, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("array") => json!([example(doc, &schema["items"], depth + 1)]),
        Some("integer") | Some("number") => json!(0),
        Some("boolean") => json!(false),
        Some("string") => json!(""),
        _ => Value::Null,
    }
}

/// A guess of which connector operation an endpoint implements, from the words
/// in its path (tenants/projects/namespaces, users/members, quotas/limits).
fn suggest(method: Method, path: &str) -> Option<Operation> {
    let lower = path.to_ascii_lowercase();
    let segments: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
    let last_is_param = segments.last().is_some_and(|s| s.starts_with('{'));
    let has = |words: &[&str]| segments.iter().any(|s| words.iter().any(|w| s.contains(w)));
    let users = has(&["user", "member"]);
    let quotas = has(&["quota", "limit"]);
    let tenants = has(&[
        "tenant",
        "project",
        "namespace",
        "space",
        "organization",
        "org",
        "account",
    ]);
    let health = has(&["health", "ping", "status", "whoami", "version"]);
    use Method::*;
    Some(match method {
        Get | Head if health && !tenants => Operation::Check,
        Get if quotas => Operation::GetQuota,
        Get if users => Operation::ListUsers,
        Get if tenants && last_is_param => Operation::GetTenant,
        Put | Patch | Post if quotas => Operation::SetQuota,
        Post | Put if users => Operation::AddUser,
        Post if tenants => Operation::CreateTenant,
        Delete if users => Operation::RemoveUser,
        Delete if tenants => Operation::DeleteTenant,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"
openapi: 3.0.3
info: {title: Tenancy API, version: "2.1"}
servers: [{url: "https://api.example.com/v2"}]
paths:
  /health:
    get: {summary: Liveness}
  /tenants:
    post:
      operationId: createTenant
      summary: Create a tenant
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Tenant"}
  /tenants/{name}:
    get: {summary: Read a tenant}
    delete: {summary: Delete a tenant}
  /tenants/{name}/members:
    get: {summary: List members}
    post:
      summary: Add a member
      requestBody:
        content:
          application/json:
            example: {user: alice, role: admin}
  /tenants/{name}/quotas/{key}:
    put: {summary: Set a quota}
components:
  schemas:
    Tenant:
      type: object
      properties:
        name: {type: string, example: team-a}
        labels: {type: object, properties: {owner: {type: string}}}
        replicas: {type: integer}
        parent: {$ref: "#/components/schemas/Tenant"}
"##;

    #[test]
    fn endpoints_are_listed_with_guesses_and_examples() {
        let doc = parse(DOC).unwrap();
        assert_eq!(
            (
                doc.title.as_str(),
                doc.version.as_str(),
                doc.server.as_deref()
            ),
            ("Tenancy API", "2.1", Some("https://api.example.com/v2"))
        );
        let got: Vec<(String, Option<Operation>)> = doc
            .endpoints
            .iter()
            .map(|e| {
                (
                    format!("{} {}", e.method.as_str(), e.path),
                    e.suggested_operation,
                )
            })
            .collect();
        use Operation::*;
        assert_eq!(
            got,
            [
                ("GET /health".to_owned(), Some(Check)),
                ("POST /tenants".to_owned(), Some(CreateTenant)),
                ("GET /tenants/{name}".to_owned(), Some(GetTenant)),
                ("DELETE /tenants/{name}".to_owned(), Some(DeleteTenant)),
                ("GET /tenants/{name}/members".to_owned(), Some(ListUsers)),
                ("POST /tenants/{name}/members".to_owned(), Some(AddUser)),
                (
                    "PUT /tenants/{name}/quotas/{key}".to_owned(),
                    Some(SetQuota)
                ),
            ]
        );
        let create = &doc.endpoints[1];
        assert_eq!(create.operation_id.as_deref(), Some("createTenant"));
        let body = create.body_example.as_ref().unwrap();
        assert_eq!(body["name"], "team-a");
        assert_eq!(body["replicas"], 0);
        assert_eq!(body["labels"], json!({"owner": ""}));
        assert_eq!(
            doc.endpoints[5].body_example,
            Some(json!({"user": "alice", "role": "admin"}))
        );
    }

    #[test]
    fn other_documents_get_a_clear_error() {
        assert!(parse("swagger: '2.0'\npaths: {}")
            .unwrap_err()
            .contains("Swagger 2"));
        assert!(parse("{")
            .unwrap_err()
            .starts_with("Not valid YAML or JSON"));
        assert!(parse("openapi: 3.1.0\ninfo: {}")
            .unwrap_err()
            .contains("no paths"));
        assert!(parse("hello: world")
            .unwrap_err()
            .contains("Not an OpenAPI 3"));
    }
}
