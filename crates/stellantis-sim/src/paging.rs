//! Paging of HAL collections: `pageSize` 1..500, `indexRange` "a-b", opaque `pageToken`, links.

use serde_json::{Value, json};

use crate::api_error::ApiError;

/// Default items per page (data-treatment.yaml).
const DEFAULT_PAGE_SIZE: usize = 100;
/// Largest page.
const MAX_PAGE_SIZE: usize = 500;

/// One page's window over a collection of `total` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// First index of this page.
    pub start: usize,
    /// Items per page.
    pub size: usize,
    /// First index of the range (from `indexRange`).
    pub range_start: usize,
    /// One past the last index of the range, clamped to the collection.
    pub range_end: usize,
}

/// The paging query parameters of a request.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageQuery {
    pub page_size: Option<String>,
    pub index_range: Option<String>,
    pub page_token: Option<String>,
}

impl PageQuery {
    /// Read the paging parameters out of parsed query pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        Self {
            page_size: get("pageSize"),
            index_range: get("indexRange"),
            page_token: get("pageToken"),
        }
    }

    /// Resolve the window over a collection of `total` items.
    pub fn resolve(&self, total: usize) -> Result<Page, ApiError> {
        if let Some(token) = &self.page_token {
            if self.page_size.is_some() || self.index_range.is_some() {
                return Err(ApiError::bad_request(
                    "pageToken cannot be combined with pageSize or indexRange; follow _links.next.href as is",
                ));
            }
            return decode_token(token, total);
        }
        let size = match &self.page_size {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "pageSize must be an integer in 1..{MAX_PAGE_SIZE} (got {text:?})"
                    )));
                }
            },
        };
        let (range_start, range_end) = match &self.index_range {
            None => (0, total),
            Some(text) => parse_range(text, total)?,
        };
        Ok(Page {
            start: range_start,
            size,
            range_start,
            range_end,
        })
    }
}

fn parse_range(text: &str, total: usize) -> Result<(usize, usize), ApiError> {
    let invalid = || {
        ApiError::bad_request(format!(
            "indexRange must look like 0-9 or 5- (got {text:?})"
        ))
    };
    let (from, to) = text.split_once('-').ok_or_else(invalid)?;
    let from: usize = from.parse().map_err(|_| invalid())?;
    let to = if to.is_empty() {
        total
    } else {
        let last: usize = to.parse().map_err(|_| invalid())?;
        if last < from {
            return Err(invalid());
        }
        last.saturating_add(1).min(total)
    };
    Ok((from.min(total), to.max(from.min(total))))
}

fn encode_token(start: usize, size: usize, range_start: usize, range_end: usize) -> String {
    let plain = format!("{start}:{size}:{range_start}:{range_end}");
    plain.bytes().map(|b| format!("{:02x}", b ^ 0x5a)).collect()
}

fn decode_token(token: &str, total: usize) -> Result<Page, ApiError> {
    let invalid =
        || ApiError::bad_request("pageToken is not valid; start again from the first page");
    if !token.len().is_multiple_of(2) || token.len() > 200 {
        return Err(invalid());
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| {
            token
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map(|b| b ^ 0x5a)
        })
        .collect();
    let plain = String::from_utf8(bytes.ok_or_else(invalid)?).map_err(|_| invalid())?;
    let numbers: Vec<usize> = plain
        .split(':')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| invalid())?;
    let [start, size, range_start, range_end] = numbers[..] else {
        return Err(invalid());
    };
    if size == 0 || size > MAX_PAGE_SIZE {
        return Err(invalid());
    }
    let range_end = range_end.min(total);
    let range_start = range_start.min(range_end);
    Ok(Page {
        start: start.clamp(range_start, range_end),
        size,
        range_start,
        range_end,
    })
}

impl Page {
    /// Index range of the items on this page.
    pub fn items(&self) -> std::ops::Range<usize> {
        self.start..(self.start + self.size).min(self.range_end)
    }

    /// The HAL collection (schema `CollectionResult`) around `items` embedded as `key`.
    pub fn collection(&self, href: &str, total: usize, key: &str, items: Vec<Value>) -> Value {
        let link = |start: usize| json!({ "href": format!("{href}?pageToken={}", encode_token(start, self.size, self.range_start, self.range_end)) });
        let span = self.range_end.saturating_sub(self.range_start);
        let total_page = span.div_ceil(self.size).max(1);
        let current_page = (self.start - self.range_start) / self.size + 1;
        let last_start = self.range_start + (total_page - 1) * self.size;
        let mut links = serde_json::Map::new();
        links.insert("self".into(), link(self.start));
        links.insert("first".into(), link(self.range_start));
        links.insert("last".into(), link(last_start));
        if self.start + self.size < self.range_end {
            links.insert("next".into(), link(self.start + self.size));
        }
        if self.start > self.range_start {
            links.insert(
                "prev".into(),
                link(self.start.saturating_sub(self.size).max(self.range_start)),
            );
        }
        json!({
            "_links": links,
            "total": total,
            "totalPage": total_page,
            "currentPage": current_page,
            "_embedded": { key: items },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(size: Option<&str>, range: Option<&str>, token: Option<&str>) -> PageQuery {
        PageQuery {
            page_size: size.map(str::to_owned),
            index_range: range.map(str::to_owned),
            page_token: token.map(str::to_owned),
        }
    }

    #[test]
    fn a_next_token_resumes_where_the_page_ended() {
        let page = query(Some("4"), Some("2-11"), None).resolve(25).unwrap();
        assert_eq!(page.items(), 2..6);
        let body = page.collection("http://x/c", 25, "items", Vec::new());
        let href = body["_links"]["next"]["href"].as_str().unwrap();
        let token = href.split("pageToken=").nth(1).unwrap();
        let next = query(None, None, Some(token)).resolve(25).unwrap();
        assert_eq!(next.items(), 6..10);
        assert_eq!(body["totalPage"], 3);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(query(Some("0"), None, None).resolve(5).is_err());
        assert!(query(Some("501"), None, None).resolve(5).is_err());
        assert!(query(None, Some("5-2"), None).resolve(5).is_err());
        assert!(query(None, None, Some("abc")).resolve(5).is_err());
        assert!(query(Some("2"), None, Some("00")).resolve(5).is_err());
        // A forged token pointing before its own range is clamped, not a panic.
        let forged = encode_token(0, 2, 3, 5);
        assert_eq!(
            query(None, None, Some(&forged)).resolve(5).unwrap().items(),
            3..5
        );
    }

    #[test]
    fn an_open_range_runs_to_the_end_and_an_empty_collection_has_one_page() {
        let page = query(None, Some("20-"), None).resolve(25).unwrap();
        assert_eq!(page.items(), 20..25);
        let empty = query(None, None, None).resolve(0).unwrap();
        assert_eq!(empty.items(), 0..0);
        assert_eq!(empty.collection("h", 0, "k", Vec::new())["totalPage"], 1);
    }
}
