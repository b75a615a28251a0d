//! One vehicle of the account, as listed by `GET /accounts/vehicles`.

use serde::{Deserialize, Deserializer, Serialize};

use super::hal::SelfLinks;

/// One vehicle of the account.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    /// The opaque id used in every path (not the VIN).
    pub id: String,
    /// The VIN, when given.
    pub vin: Option<String>,
    /// Brand code.
    pub brand_code: Option<String>,
    /// Family code.
    pub family_code: Option<String>,
    /// `Electric`, `Hybrid`, `Thermic`, `Hydrogen`.
    pub motorization: Option<String>,
    /// Fuel type code.
    pub fuel_type: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct VehicleRaw {
    id: Option<String>,
    vin: Option<String>,
    brand_code: Option<String>,
    family_code: Option<String>,
    motorization: Option<String>,
    fuel_type: Option<String>,
    #[serde(rename = "_links")]
    links: SelfLinks,
}

impl VehicleRaw {
    /// The schema has no `id` field: the id is the last segment of the `self` link when absent.
    fn into_vehicle(self) -> Vehicle {
        let id = self
            .id
            .or_else(|| {
                let href = self.links.self_.as_ref()?.href.clone();
                let path = href.split(['?', '#']).next()?.trim_end_matches('/');
                path.rsplit('/').next().map(str::to_owned)
            })
            .unwrap_or_default();
        Vehicle {
            id,
            vin: self.vin,
            brand_code: self.brand_code,
            family_code: self.family_code,
            motorization: self.motorization,
            fuel_type: self.fuel_type,
        }
    }
}

impl<'de> Deserialize<'de> for Vehicle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(VehicleRaw::deserialize(d)?.into_vehicle())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::response::Page;

    #[test]
    fn vehicle_page_is_lenient_and_follows_next() {
        let body = br#"{"_links":{"self":{"href":"/v"},"first":{"href":"/v"},"next":{"href":"/v?pageToken=abc"}},
            "total":3,"totalPage":2,"currentPage":0,"surprise":{"x":1},
            "_embedded":{"vehicles":[
              {"id":"abc123","vin":"VR3","motorization":"Electric","_links":{"self":{"href":"/v/abc123"}},"brandNew":true},
              {"vin":"VR4","_links":{"self":{"href":"https://h/api/accounts/vehicles/def456?x=1"}}},
              {"id":"ghi"}
            ]}}"#;
        let page: Page<Vehicle> = Page::parse(body, "vehicles").expect("parses");
        assert_eq!(page.next.as_deref(), Some("/v?pageToken=abc"));
        let ids: Vec<_> = page.items.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["abc123", "def456", "ghi"]);
        assert_eq!(page.items[0].motorization.as_deref(), Some("Electric"));
        assert_eq!(page.items[2].vin, None);
        let last: Page<Vehicle> = Page::parse(
            br#"{"_links":{"self":{"href":"/v"}},"_embedded":{}}"#,
            "vehicles",
        )
        .expect("parses");
        assert!(last.items.is_empty() && last.next.is_none());
    }
}
