//! Which of the 13 remote features a vehicle supports, and how, as the UI needs it to enable or
//! disable each control (with a reason) and to shape its forms — the UI never works this out
//! from the raw answer itself.

use serde::Serialize;
use stellantis::model::{Activation, ChargingSlot, Feature, PreconditioningSlot};
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
    /// Some command of this feature needs a confirmation (the library's rule): the UI styles
    /// its controls as dangerous.
    pub guarded: bool,
    /// For horn and lights: the states the vehicle accepts (both when the answer does not
    /// restrict them); `None` for the other features.
    pub states: Option<Vec<String>>,
    /// For charging and preconditioning: how many program slots the vehicle has (the
    /// capability's `parameters.programs.size`, else the API's maximum); `None` otherwise.
    pub slots: Option<u32>,
}

/// The support of every feature, in the model's order.
pub fn feature_support(capability: &Capability) -> Vec<FeatureSupport> {
    Feature::ALL
        .into_iter()
        .map(|feature| {
            // Immobilization, vehicle finder and data deletion have no key in the API's
            // capability document; servers that do say (the simulator) use the feature's name.
            let key = feature.capability_key().unwrap_or_else(|| feature.as_str());
            let states = matches!(feature, Feature::Horn | Feature::Lights).then(|| {
                let known = [Activation::Activated, Activation::Unactivated].map(|a| a.as_str());
                match capability.remote_states(key) {
                    Some(listed) => listed
                        .into_iter()
                        .filter(|s| known.contains(&s.as_str()))
                        .collect(),
                    None => known.map(str::to_owned).to_vec(),
                }
            });
            let max_slots = match feature {
                Feature::Charging => Some(u32::from(ChargingSlot::MAX)),
                Feature::Preconditioning => Some(u32::from(PreconditioningSlot::MAX)),
                _ => None,
            };
            FeatureSupport {
                feature: feature.as_str(),
                supported: capability.remote_supported(key),
                guarded: feature.guarded(),
                states,
                slots: max_slots.map(|max| {
                    capability
                        .program_slots(key)
                        .filter(|n| (1..=max).contains(n))
                        .unwrap_or(max)
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of<'a>(support: &'a [FeatureSupport], name: &str) -> &'a FeatureSupport {
        support
            .iter()
            .find(|s| s.feature == name)
            .expect("every feature")
    }

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
        assert_eq!(of(&support, "locking").supported, Some(true));
        assert_eq!(of(&support, "horn").supported, Some(false));
        assert_eq!(of(&support, "state").supported, Some(true));
        assert_eq!(of(&support, "wakeUp").supported, Some(true));
        assert_eq!(of(&support, "vehicleFinder").supported, Some(false));
        assert_eq!(of(&support, "lights").supported, None);
        assert_eq!(of(&support, "immobilization").supported, None);
    }

    #[test]
    fn guarded_states_and_slots() {
        let capability = Capability::parse(
            br#"{"onboardCapabilities": {"remote": {
                "charging": {"supported": true, "parameters": {"programs": {"size": 1}}},
                "preconditioning": {"supported": true, "parameters": {"programs": {"size": 9}}},
                "horn": {"supported": true, "parameters": {"states": ["Activated", "Loud"]}}
            }}}"#,
        )
        .expect("parses");
        let support = feature_support(&capability);
        let guarded: Vec<&str> = support
            .iter()
            .filter(|s| s.guarded)
            .map(|s| s.feature)
            .collect();
        assert_eq!(
            guarded,
            ["stolen", "immobilization", "tan", "onboardPersonalData"]
        );
        assert_eq!(of(&support, "horn").states, Some(vec!["Activated".into()]));
        assert_eq!(
            of(&support, "lights").states,
            Some(vec!["Activated".into(), "Unactivated".into()])
        );
        assert_eq!(of(&support, "locking").states, None);
        assert_eq!(of(&support, "charging").slots, Some(1));
        assert_eq!(
            of(&support, "preconditioning").slots,
            Some(4),
            "more than the API's maximum reads as the maximum"
        );
        assert_eq!(of(&support, "horn").slots, None);
        let json = serde_json::to_value(of(&support, "charging")).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"feature": "charging", "supported": true, "guarded": false,
                "states": null, "slots": 1})
        );
    }
}
