//! The official `Remote` schema of `data-treatment.yaml`, read at test time, and the contract
//! rules the schema itself cannot express (CONTRACT.md §1).
//!
//! The spec directory is `STELLANTIS_SPEC_DIR`, else `../../../shared/stellantis` from this
//! crate. Missing files fail the test when `CI=true` and are reported as skipped otherwise.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

/// Where the OpenAPI files are expected.
pub fn spec_dir() -> PathBuf {
    std::env::var_os("STELLANTIS_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/stellantis")
        })
}

/// Reads and parses one of the spec's YAML files; `None` (after printing "skipped") when it is
/// absent outside CI, a failed test when `CI=true`.
pub fn load_yaml(file: &str) -> Option<serde_norway::Value> {
    let path = spec_dir().join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            let message = format!("skipped: spec not found at {} ({error})", path.display());
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{message}; CI=true requires it (set STELLANTIS_SPEC_DIR)"
            );
            println!("{message}");
            return None;
        }
    };
    Some(serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{file} parses as YAML: {e}")))
}

/// The `Remote` schema with a compiled validator and the document to resolve `$ref`s in.
pub struct RemoteSchema {
    root: Value,
    validator: jsonschema::Validator,
}

impl RemoteSchema {
    /// Loads `data-treatment.yaml`; `None` (after printing "skipped") when absent outside CI.
    pub fn load() -> Option<RemoteSchema> {
        let yaml = load_yaml("data-treatment.yaml")?;
        // Through serde so YAML's integer keys (response codes) become JSON strings.
        let document = serde_json::to_value(&yaml).expect("the spec converts to JSON");
        let root = json!({
            "$ref": "#/components/schemas/Remote",
            "components": document["components"].clone(),
        });
        assert!(
            root.pointer("/components/schemas/Remote").is_some(),
            "the spec has no Remote schema"
        );
        let validator = jsonschema::draft7::new(&root).expect("the Remote schema compiles");
        Some(RemoteSchema { root, validator })
    }

    /// Every way `body` breaks the contract: schema errors, properties the schema does not
    /// declare (a misspelled `occurence` would pass the lax schema otherwise), and the
    /// "exactly one" rules. Empty when the body is right.
    pub fn problems(&self, body: &Value) -> Vec<String> {
        let mut problems: Vec<String> = self
            .validator
            .iter_errors(body)
            .map(|e| format!("schema: {e} at {}", e.instance_path()))
            .collect();
        let remote = &self.root["components"]["schemas"]["Remote"];
        self.undeclared(remote, body, "$", &mut problems);
        problems.extend(contract_rules(body));
        problems
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.trim_start_matches('#');
                self.resolve(
                    self.root
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("unresolved $ref {reference}")),
                )
            }
            None => schema,
        }
    }

    /// The property schemas and item schemas a schema declares, through `allOf` and `$ref`.
    fn collect<'a>(
        &'a self,
        schema: &'a Value,
        properties: &mut BTreeMap<String, Vec<&'a Value>>,
        items: &mut Vec<&'a Value>,
    ) {
        let schema = self.resolve(schema);
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            for (name, sub) in map {
                properties.entry(name.clone()).or_default().push(sub);
            }
        }
        if let Some(item) = schema.get("items") {
            items.push(item);
        }
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.collect(part, properties, items);
        }
    }

    fn undeclared(&self, schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
        let mut properties = BTreeMap::new();
        let mut items = Vec::new();
        self.collect(schema, &mut properties, &mut items);
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match properties.get(key) {
                        Some(subs) => {
                            for sub in subs {
                                self.undeclared(sub, child, &format!("{path}.{key}"), problems);
                            }
                        }
                        None if contract_extra(path, key) => {}
                        None => {
                            problems.push(format!("{path}.{key} is not declared by the schema"))
                        }
                    }
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter().enumerate() {
                    for item in &items {
                        self.undeclared(item, child, &format!("{path}[{i}]"), problems);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Fields CONTRACT.md §1 allows that the YAML does not declare (where the YAML is vague,
/// CONTRACT.md decides): `end` of a charging program (`programs[{start,end?,...}]`).
const CONTRACT_EXTRAS: &[(&str, &str)] = &[("$.action.charging.charge.programs[]", "end")];

/// Whether `key` under `path` (array indexes ignored) is one of [`CONTRACT_EXTRAS`].
fn contract_extra(path: &str, key: &str) -> bool {
    let mut general = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                general.push(c);
            }
            ']' => {
                in_index = false;
                general.push(c);
            }
            _ if in_index => {}
            _ => general.push(c),
        }
    }
    CONTRACT_EXTRAS.contains(&(general.as_str(), key))
}

/// The CONTRACT.md §1 rules a JSON schema does not say: one key where the API wants one.
pub fn contract_rules(body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut one_key = |pointer: &str| {
        if let Some(Value::Object(map)) = body.pointer(pointer)
            && map.len() != 1
        {
            problems.push(format!(
                "{pointer} must have exactly one key, has {:?}",
                map.keys().collect::<Vec<_>>()
            ));
        }
    };
    one_key("/action");
    one_key("/action/charging/charge");
    one_key("/action/charging/charge/settings");
    one_key("/action/preconditioning/airConditioning");
    one_key("/action/stolen");
    one_key("/action/tan");
    if let Some(start) = body.pointer("/action/charging/charge/deferred/start")
        && start.get("startTime").is_some()
        && start.get("immediate").is_some()
    {
        problems.push("deferred.start has both startTime and immediate".to_owned());
    }
    if let Some(Value::Array(positions)) = body.pointer("/action/navigation/positions") {
        if !(1..=10).contains(&positions.len()) {
            problems.push(format!(
                "navigation has {} positions, 1..=10 allowed",
                positions.len()
            ));
        }
        for (i, p) in positions.iter().enumerate() {
            let lon = p.pointer("/geometry/coordinates/0").and_then(Value::as_f64);
            let lat = p.pointer("/geometry/coordinates/1").and_then(Value::as_f64);
            match (lon, lat) {
                (Some(lon), Some(lat))
                    if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) => {}
                other => problems.push(format!("position {i}: [lon, lat] out of range: {other:?}")),
            }
        }
    }
    for pointer in [
        "/action/charging/charge/programs",
        "/action/preconditioning/airConditioning/programs",
    ] {
        if let Some(Value::Array(programs)) = body.pointer(pointer) {
            let mut slots: Vec<i64> = programs.iter().filter_map(|p| p["slot"].as_i64()).collect();
            let count = slots.len();
            slots.sort_unstable();
            slots.dedup();
            if slots.len() != count || count != programs.len() {
                problems.push(format!(
                    "{pointer}: every program needs a slot, each slot once"
                ));
            }
        }
    }
    problems
}
