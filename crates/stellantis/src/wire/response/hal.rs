//! HAL links and collection pages: the items of `_embedded.<key>` and the link to the next page.

use serde::{Deserialize, Serialize};

/// A HAL link.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Where it points.
    #[serde(default)]
    pub href: String,
}

/// The links of a HAL collection page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PageLinks {
    /// The next page, when there is one.
    #[serde(default)]
    pub next: Option<Link>,
}

/// The links of a single resource.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SelfLinks {
    /// The resource itself.
    #[serde(default, rename = "self")]
    pub self_: Option<Link>,
}

/// A page of a HAL collection whose items sit in `_embedded.<key>`.
#[derive(Clone, Debug, Default)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The next page's URL, when there is one.
    pub next: Option<String>,
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Reads a collection page, taking the items from `_embedded.<key>`. Items that do not
    /// parse are skipped rather than failing the page.
    pub fn parse(body: &[u8], key: &str) -> Result<Self, serde_json::Error> {
        let v: serde_json::Value = serde_json::from_slice(body)?;
        let items = v
            .get("_embedded")
            .and_then(|e| e.get(key))
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|i| serde_json::from_value(i.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let next = v
            .get("_links")
            .and_then(|l| serde_json::from_value::<PageLinks>(l.clone()).ok())
            .and_then(|l| l.next)
            .map(|l| l.href)
            .filter(|h| !h.is_empty());
        Ok(Page { items, next })
    }
}
