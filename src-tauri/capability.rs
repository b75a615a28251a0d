//! Which of the 13 remote features a vehicle supports, as the UI needs it to enable or disable
//! each button (with a reason) — the UI never works this out from the raw answer itself.

use serde::Serialize;
use stellantis::model::Feature;
use stellantis::wire::response::Capability;

/// What the vehicle says about one feature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeatureSupport {
    /// The feature's stable name (`locking`, `vehicleFinder`...).
    pub feature: &'static str,
    /// `Some(false)` when the vehicle says it cannot; `None` when the answer does not say (the
    /// button stays enabled and the server has the last word).
    pub supported: Option<bool>,
}

/// The support of every feature, in the model's order.
pub fn feature_support(capability: &Capability) -> Vec<FeatureSupport> {
    Feature::ALL
        .into_iter()
        .map(|feature| FeatureSupport {
            feature: feature.as_str(),
            // Immobilization, vehicle finder and data deletion have no key in the API's
            // capability document; servers that do say (the simulator) use the feature's name.
            supported: capability
                .remote_supported(feature.capability_key().unwrap_or_else(|| feature.as_str())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_api_keys_to_features_and_keeps_unknown_as_none() {
        let capability = Capability::parse(
            br#"{"onboardCapabilities": {"remote": {
                "door": {"supported": true},
                "horn": {"supported": false},
                "wakeup": {"supported": true},
                "vehicleFinder": {"supported": false}
            }}}"#,
        )
        .expect("parses");
        let support = feature_support(&capability);
        assert_eq!(support.len(), 13);
        let of = |name: &str| {
            support
                .iter()
                .find(|s| s.feature == name)
                .map(|s| s.supported)
        };
        assert_eq!(of("locking"), Some(Some(true)));
        assert_eq!(of("horn"), Some(Some(false)));
        assert_eq!(of("state"), Some(Some(true)));
        assert_eq!(of("wakeUp"), Some(Some(true)));
        assert_eq!(of("vehicleFinder"), Some(Some(false)));
        assert_eq!(of("lights"), Some(None));
        assert_eq!(of("immobilization"), Some(None));
    }
}
