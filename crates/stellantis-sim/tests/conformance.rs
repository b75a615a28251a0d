//! Conformance: every response body the simulator serves, for each endpoint, and every webhook body
//! it sends, validated against the schemas of the official OpenAPI files (data-treatment.yaml,
//! platform-notification.yaml). The files are read at test time from `../shared/stellantis/`
//! beside the repository, or from `STELLANTIS_SPEC_DIR`; missing files fail the run when `CI=true`.

mod common;

use std::path::PathBuf;

use common::{Api, Receiver, contract_bodies};
use serde_json::{Map, Value, json};
use stellantis_sim::{Faults, SimConfig};

fn spec_dir() -> PathBuf {
    std::env::var_os("STELLANTIS_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/stellantis")
        })
}

/// YAML to JSON, with non-string keys (response codes such as `201`) turned into strings.
fn to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map(Value::from).unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => format!("{other:?}"),
                };
                out.insert(key, to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

/// One OpenAPI document.
struct Spec {
    doc: Value,
    name: &'static str,
}

impl Spec {
    fn load(dir: &std::path::Path, name: &'static str) -> Option<Self> {
        let text = std::fs::read_to_string(dir.join(name)).ok()?;
        let yaml: serde_norway::Value =
            serde_norway::from_str(&text).expect("the spec is valid YAML");
        Some(Self {
            doc: to_json(yaml),
            name,
        })
    }

    fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.strip_prefix('#').expect("local $ref");
                self.resolve(
                    self.doc
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("{reference} not found")),
                )
            }
            None => node,
        }
    }

    /// The schema of the response `status` (or `default`) of `method path`, if it has a body.
    fn response_schema(&self, path: &str, method: &str, status: u16) -> Option<Value> {
        let item = self.resolve(&self.doc["paths"][path]);
        let operation = item
            .get(method)
            .unwrap_or_else(|| panic!("{method} {path} is not in {}", self.name));
        let responses = &operation["responses"];
        let response = responses
            .get(status.to_string())
            .or_else(|| responses.get("default"))?;
        let content = self.resolve(response).get("content")?.as_object()?;
        content.values().next().map(|media| media["schema"].clone())
    }

    /// The validation errors of an instance against a schema node whose `$ref`s point into this document.
    fn errors(&self, what: &str, schema: &Value, instance: &Value) -> Vec<String> {
        let mut root = self.doc.clone();
        root["x-under-test"] = schema.clone();
        root["$ref"] = Value::from("#/x-under-test");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema for {what} does not compile: {e}"));
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    /// Validate an instance against a schema node whose `$ref`s point into this document.
    fn check(&self, what: &str, schema: &Value, instance: &Value) {
        let errors = self.errors(what, schema, instance);
        assert!(
            errors.is_empty(),
            "{what} does not conform to {}:\n{}\n{instance:#}",
            self.name,
            errors.join("\n")
        );
    }

    fn check_response(&self, path: &str, method: &str, status: u16, body: &Value) {
        let schema = self
            .response_schema(path, method, status)
            .unwrap_or_else(|| panic!("{method} {path} {status} has no body schema"));
        self.check(
            &format!("{} {path} {status}", method.to_uppercase()),
            &schema,
            body,
        );
    }
}

/// Load both files, or say why not (failing under CI).
fn specs() -> Option<(Spec, Spec)> {
    let dir = spec_dir();
    match (
        Spec::load(&dir, "data-treatment.yaml"),
        Spec::load(&dir, "platform-notification.yaml"),
    ) {
        (Some(api), Some(webhook)) => Some((api, webhook)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "spec not found at {} (set STELLANTIS_SPEC_DIR)",
                dir.display()
            );
            println!("skipped: spec not found at {}", dir.display());
            None
        }
    }
}

async fn call(
    api: &Api,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request = api
        .http
        .request(method, api.url(path))
        .bearer_auth(&api.token);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON body")
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_and_webhook_body_conforms_to_the_official_schemas() {
    let Some((mut spec, notification)) = specs() else {
        return;
    };
    // A known defect of data-treatment.yaml: `DoorsStateBase` lists `required: [identifier, state]`
    // at the level of the doors block instead of inside `opening[]` items (where those two
    // properties are declared). Move it where it belongs rather than invent top-level fields.
    let base = spec
        .doc
        .pointer_mut("/components/schemas/DoorsStateBase")
        .expect("DoorsStateBase");
    let misplaced = base
        .as_object_mut()
        .and_then(|o| o.remove("required"))
        .expect("the misplaced required list");
    assert_eq!(misplaced, json!(["identifier", "state"]));
    base["properties"]["opening"]["items"]["required"] = misplaced;
    // A zero-delay run sends well over the default 100 requests a second; a 429 here would be
    // the pace of the test, not the contract (the burst limit has tests of its own).
    let api = Api::start(SimConfig {
        burst_per_second: 100_000,
        ..SimConfig::for_tests()
    })
    .await;
    let rx = Receiver::start().await;
    use reqwest::Method as M;

    // The 13 request bodies themselves conform to the `Remote` schema.
    let remote_schema = json!({ "$ref": "#/components/schemas/Remote" });
    for (name, _, body) in contract_bodies() {
        spec.check(&format!("request body {name}"), &remote_schema, &body);
    }

    // Vehicles: list pages, detail, capability, telemetry for every vehicle.
    for query in ["", "?pageSize=7", "?indexRange=3-12&pageSize=4"] {
        let (status, body) = call(&api, M::GET, &format!("/accounts/vehicles{query}"), None).await;
        spec.check_response("/accounts/vehicles", "get", status, &body);
        if let Some(next) = body["_links"]["next"]["href"].as_str() {
            let page: Value = api.get_href(next).await.json().await.unwrap();
            spec.check_response("/accounts/vehicles", "get", 200, &page);
        }
    }
    for id in api.sim.vehicle_ids() {
        for (template, suffix) in [
            ("/accounts/vehicles/{id}", ""),
            ("/accounts/vehicles/{id}/capability", "/capability"),
            (
                "/accounts/vehicles/{id}/telemetries/latest",
                "/telemetries/latest",
            ),
        ] {
            let (status, body) = call(
                &api,
                M::GET,
                &format!("/accounts/vehicles/{id}{suffix}"),
                None,
            )
            .await;
            assert_eq!(status, 200);
            spec.check_response(template, "get", status, &body);
        }
    }

    // Channels.
    let create = json!({"type": ["Remote"], "label": "conformance", "channel": {"webhook": {
        "target": rx.url, "name": "hook", "attributes": [{"type": "Header", "key": "x-secret", "value": "v"}]}}});
    let (status, body) = call(&api, M::POST, "/accounts/channels", Some(&create)).await;
    spec.check_response("/accounts/channels", "post", status, &body);
    let channel = body["channelId"].as_str().unwrap().to_owned();
    let (status, body) = call(&api, M::GET, "/accounts/channels", None).await;
    spec.check_response("/accounts/channels", "get", status, &body);
    let (status, body) = call(&api, M::GET, &format!("/accounts/channels/{channel}"), None).await;
    spec.check_response("/accounts/channels/{chId}", "get", status, &body);
    let (status, body) = call(
        &api,
        M::PUT,
        &format!("/accounts/channels/{channel}"),
        Some(&create),
    )
    .await;
    assert_eq!(status, 202);
    spec.check_response("/accounts/channels/{chId}", "put", status, &body);
    let (status, body) = call(
        &api,
        M::PUT,
        &format!("/accounts/channels/{channel}/status"),
        Some(&json!({"status": "Running"})),
    )
    .await;
    assert_eq!(status, 202);
    spec.check_response("/accounts/channels/{chId}/status", "put", status, &body);

    // Remotes: every contract body on vehicles 0 and 1, plus failures on the special vehicles.
    let remotes_path = "/accounts/vehicles/{id}/channels/{chId}/remotes";
    let mut created = Vec::new();
    for (index, bodies) in [(0, contract_bodies()), (1, contract_bodies())] {
        for (_, _, body) in bodies {
            let path = format!(
                "/accounts/vehicles/{}/channels/{channel}/remotes",
                api.vehicle(index)
            );
            let (status, answer) = call(&api, M::POST, &path, Some(&body)).await;
            assert_eq!(status, 202);
            spec.check_response(remotes_path, "post", status, &answer);
            let rid = answer["remoteActionId"].as_str().unwrap().to_owned();
            rx.wait_done(&rid).await;
            created.push((index, rid));
        }
    }
    let lock = json!({"extendedEventParam": ["vehicle.latestTelemetry", "vehicle.doorsState", "vehicle.maintenance", "vehicle.alerts.active", "vehicle.alarm"], "action": {"locking": {"state": "Locked"}}});
    for index in [2, 3, 5, 6, 7, 8, 9, 10, 12] {
        let rid = api.remote(index, &channel, &lock).await;
        rx.wait_done(&rid).await;
        created.push((index, rid));
    }
    for (index, rid) in &created {
        let path = format!(
            "/accounts/vehicles/{}/channels/{channel}/remotes/{rid}",
            api.vehicle(*index)
        );
        let (status, body) = call(&api, M::GET, &path, None).await;
        spec.check_response(
            "/accounts/vehicles/{id}/channels/{chId}/remotes/{rid}",
            "get",
            status,
            &body,
        );
    }
    for query in ["", "?pageSize=3"] {
        let path = format!(
            "/accounts/vehicles/{}/channels/{channel}/remotes{query}",
            api.vehicle(0)
        );
        let (status, body) = call(&api, M::GET, &path, None).await;
        spec.check_response(remotes_path, "get", status, &body);
    }

    // Error bodies: 400, 401, 403, 404, 429, 501, 503.
    let post = |index: usize| {
        format!(
            "/accounts/vehicles/{}/channels/{channel}/remotes",
            api.vehicle(index)
        )
    };
    let (status, body) = call(
        &api,
        M::POST,
        &post(0),
        Some(&json!({"action": {"fly": {}}})),
    )
    .await;
    assert_eq!(status, 400);
    spec.check_response(remotes_path, "post", status, &body);
    let (status, body) = call(
        &api,
        M::POST,
        &post(4),
        Some(&json!({"action": {"horn": {"state": "Activated"}}})),
    )
    .await;
    assert_eq!(status, 501);
    spec.check_response(remotes_path, "post", status, &body);
    let (status, body) = call(&api, M::GET, "/accounts/vehicles/not-mine", None).await;
    assert_eq!(status, 403);
    spec.check_response("/accounts/vehicles/{id}", "get", status, &body);
    let (status, body) = call(&api, M::GET, "/accounts/channels/0000", None).await;
    assert_eq!(status, 404);
    spec.check_response("/accounts/channels/{chId}", "get", status, &body);
    let unauthorized = api
        .http
        .get(format!("{}/accounts/vehicles", api.sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    spec.check_response(
        "/accounts/vehicles",
        "get",
        401,
        &unauthorized.json().await.unwrap(),
    );
    for faults in [
        Faults {
            rate_429_share: 1.0,
            ..Faults::default()
        },
        Faults {
            error_5xx_share: 1.0,
            ..Faults::default()
        },
    ] {
        api.sim.set_faults(faults);
        let (status, body) = call(&api, M::GET, "/accounts/vehicles", None).await;
        assert!(status == 429 || status == 503);
        spec.check_response("/accounts/vehicles", "get", status, &body);
    }
    api.sim.set_faults(Faults::default());
    let (status, _) = call(
        &api,
        M::DELETE,
        &format!("/accounts/channels/{channel}"),
        None,
    )
    .await;
    assert_eq!(status, 204);

    // Webhook bodies. platform-notification.yaml's RemoteType enum (Doors, WakeUp...) disagrees with
    // CONTRACT.md §1, which decides (Locking, Wakeup...): check the name against data-treatment.yaml's
    // RemoteType, and everything else against the unmodified Message schema.
    let api_types = spec.doc["components"]["schemas"]["RemoteType"]["enum"]
        .as_array()
        .unwrap()
        .clone();
    let mut notification = notification;
    let enum_slot = notification
        .doc
        .pointer_mut("/components/schemas/RemoteType/enum")
        .expect("RemoteType enum");
    let mut names = enum_slot.as_array().unwrap().clone();
    names.extend(api_types.iter().cloned());
    *enum_slot = Value::Array(names);
    let message_schema = json!({ "$ref": "#/components/schemas/Message" });
    let deliveries = rx.deliveries.lock().unwrap().clone();
    assert!(deliveries.len() > 10);
    let mut checked = 0;
    for delivery in &deliveries {
        let messages = match &delivery.body {
            Value::Array(items) => items.clone(),
            single => vec![single.clone()],
        };
        for message in messages {
            assert!(
                api_types.contains(&message["remoteEvent"]["remoteType"]),
                "{message}"
            );
            notification.check("webhook Message", &message_schema, &message);
            checked += 1;
        }
    }
    assert!(
        checked >= 2 * 19 * 3,
        "every event of every remote was checked ({checked})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_named_webhooks_conform_to_the_unmodified_message_schema() {
    let Some((_, notification)) = specs() else {
        return;
    };
    let config = SimConfig {
        faults: Faults {
            legacy_remote_type_names: true,
            ..Faults::default()
        },
        ..SimConfig::for_tests()
    };
    let api = Api::start(config).await;
    let rx = Receiver::start().await;
    let channel = api.channel(&rx).await;
    // The remotes that have a name in platform-notification.yaml.
    for body in [
        json!({"action": {"locking": {"state": "Locked"}}}),
        json!({"action": {"horn": {"state": "Activated"}}}),
        json!({"action": {"lights": {"state": "Activated"}}}),
        json!({"action": {"wakeup": {"action": "Wakeup"}}}),
        json!({"action": {"charging": {"charge": {"immediate": true}}}}),
        json!({"action": {"preconditioning": {"airConditioning": {"immediate": true}}}}),
        json!({"action": {"tan": {"confirm": {"state": true}}}}),
        json!({"action": {"immobilization": {"activate": true}}}),
        json!({"action": {"navigation": {"positions": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.3, 48.8]}}]}}}),
        json!({"action": {"stolen": {"state": true}}}),
    ] {
        let rid = api.remote(0, &channel, &body).await;
        rx.wait_done(&rid).await;
    }
    let schema = json!({ "$ref": "#/components/schemas/Message" });
    let messages = rx.messages();
    assert!(messages.len() >= 30);
    // Negative control: the validator does reject what the file does not allow.
    let mut renamed = messages[0].clone();
    renamed["remoteEvent"]["remoteType"] = Value::from("Locking");
    assert!(!notification.errors("control", &schema, &renamed).is_empty());
    let mut no_channel = messages[0].clone();
    no_channel.as_object_mut().unwrap().remove("channelId");
    assert!(
        !notification
            .errors("control", &schema, &no_channel)
            .is_empty()
    );
    for message in messages {
        notification.check("legacy webhook Message", &schema, &message);
    }
}
