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
        self.raw
            .get("onboardCapabilities")?
            .get("remote")?
            .get(key)?
            .get("supported")?
            .as_bool()
    }
}
