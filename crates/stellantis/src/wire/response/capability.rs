//! What a vehicle can do (`GET /accounts/vehicles/{id}/capability`), kept whole for what this
//! type does not name.

use serde::Serialize;

/// What a vehicle can do (`GET /accounts/vehicles/{id}/capability`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Capability {
    /// The VIN, when given.
    pub vin: Option<String>,
    /// Brand code.
    pub brand: Option<String>,
    /// Model code.
    pub model: Option<String>,
    /// Motorization.
    pub motorization: Option<String>,
    /// The whole answer, for details this type does not name (program slot counts, ...).
    pub raw: serde_json::Value,
}

impl Capability {
    /// Reads the answer.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: serde_json::Value = serde_json::from_slice(body)?;
        let text = |k: &str| raw.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Capability {
            vin: text("vin"),
            brand: text("brand"),
            model: text("model"),
            motorization: text("motorization"),
            raw,
        })
    }

    /// Whether the vehicle supports the remote under `key` of `onboardCapabilities.remote`
    /// (`door`, `horn`, `charging`, `tanSuppress`, ...); `None` when the answer does not say.
    pub fn remote_supported(&self, key: &str) -> Option<bool> {
        self.remote(key)?.get("supported")?.as_bool()
    }

    /// How many programs the remote under `key` accepts (`parameters.programs.size`, where the
    /// API puts it for `charging` and `preconditioning`); `None` when the answer does not say.
    pub fn program_slots(&self, key: &str) -> Option<u32> {
        let parameters = self.remote(key)?.get("parameters")?;
        let programs = parameters
            .get("programs")
            // An older shape nests them under `schedule` (NOTES.md §4, the B2C capability).
            .or_else(|| parameters.pointer("/schedule/programs"))?;
        let size = programs.get("size")?.as_u64()?;
        u32::try_from(size).ok()
    }

    /// The states the remote under `key` accepts when the answer lists them
    /// (`parameters.states`, e.g. `["Activated"]` for a horn that cannot be stopped); the API
    /// documents no such list, so `None` (no restriction) is the usual answer.
    pub fn remote_states(&self, key: &str) -> Option<Vec<String>> {
        let states = self
            .remote(key)?
            .pointer("/parameters/states")?
            .as_array()?;
        Some(
            states
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
        )
    }

    fn remote(&self, key: &str) -> Option<&serde_json::Value> {
        self.raw.get("onboardCapabilities")?.get("remote")?.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_slots_and_states_where_given() {
        let capability = Capability::parse(
            br#"{"onboardCapabilities": {"remote": {
                "charging": {"supported": true, "parameters": {"programs": {"size": 2}}},
                "preconditioning": {"supported": true, "parameters": {"schedule": {"programs": {"size": 3}}}},
                "horn": {"supported": true, "parameters": {"states": ["Activated", 4]}},
                "lights": {"supported": true}
            }}}"#,
        )
        .expect("parses");
        assert_eq!(capability.program_slots("charging"), Some(2));
        assert_eq!(capability.program_slots("preconditioning"), Some(3));
        assert_eq!(capability.program_slots("horn"), None);
        assert_eq!(
            capability.remote_states("horn"),
            Some(vec!["Activated".to_owned()])
        );
        assert_eq!(capability.remote_states("lights"), None);
        assert_eq!(capability.remote_supported("lights"), Some(true));
    }
}
