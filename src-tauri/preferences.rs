//! What the user chose for the window, kept in `settings.json` beside the backend settings
//! (`settings.rs`): a name for each vehicle (`vehicleNames`: `{vehicle id: name}`), the fleet
//! screen's saved groups of vehicles (`fleetGroups`: `[{name, vehicleIds}]`), the language
//! and the theme. Values typed by the user are checked here, with the field named on error;
//! stored values that are no longer valid read as unset.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{Store, StoreExt};

use crate::error::Error;
use crate::settings::{store_error, store_path};
use crate::vehicle::Names;

const KEY_NAMES: &str = "vehicleNames";
const KEY_LANGUAGE: &str = "language";
const KEY_THEME: &str = "theme";
const KEY_GROUPS: &str = "fleetGroups";

/// The longest vehicle name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// The longest group name, in characters.
pub const MAX_GROUP_NAME_CHARS: usize = 60;

/// A saved group of vehicles, to select them all at once on the fleet screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetGroup {
    /// The group's name (trimmed, 1 to [`MAX_GROUP_NAME_CHARS`] characters, unique).
    pub name: String,
    /// Its vehicles, in the order they were saved, each once.
    pub vehicle_ids: Vec<String>,
}

/// The window's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Language {
    /// The system's language (English when it is neither).
    #[default]
    System,
    /// English.
    En,
    /// French.
    Fr,
}

/// The window's colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// The language and the theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// The language.
    pub language: Language,
    /// The theme.
    pub theme: Theme,
}

fn one_of<T: for<'de> Deserialize<'de>>(
    field: &'static str,
    value: Option<&serde_json::Value>,
    allowed: &str,
) -> Result<T, Error> {
    let invalid = || Error::InvalidInput {
        field,
        reason: format!("must be one of {allowed}"),
    };
    let value = value.ok_or_else(invalid)?;
    serde_json::from_value(value.clone()).map_err(|_| invalid())
}

impl Preferences {
    /// Checks preferences sent by the window (`{language, theme}`); the error names the field.
    pub fn checked(value: &serde_json::Value) -> Result<Self, Error> {
        Ok(Preferences {
            language: one_of("language", value.get("language"), "system, en, fr")?,
            theme: one_of("theme", value.get("theme"), "system, light, dark")?,
        })
    }

    fn from_store<R: Runtime>(store: &Store<R>) -> Self {
        fn read<R: Runtime, T: for<'de> Deserialize<'de> + Default>(
            store: &Store<R>,
            key: &str,
        ) -> T {
            store
                .get(key)
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default()
        }
        Preferences {
            language: read(store, KEY_LANGUAGE),
            theme: read(store, KEY_THEME),
        }
    }
}

/// A name typed by the user: trimmed; empty (or `None`) removes the name; longer than
/// [`MAX_NAME_CHARS`] is refused naming the field `name`.
pub fn checked_name(name: Option<&str>) -> Result<Option<String>, Error> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    match name {
        Some(name) if name.chars().count() > MAX_NAME_CHARS => Err(Error::InvalidInput {
            field: "name",
            reason: format!(
                "is {} characters long; keep it to {MAX_NAME_CHARS} or fewer",
                name.chars().count()
            ),
        }),
        name => Ok(name.map(str::to_owned)),
    }
}

fn names_in<R: Runtime>(store: &Store<R>) -> Names {
    let Some(serde_json::Value::Object(map)) = store.get(KEY_NAMES) else {
        return Names::new();
    };
    map.into_iter()
        .filter_map(|(id, name)| {
            let name = checked_name(name.as_str()).ok().flatten()?;
            Some((id, name))
        })
        .collect()
}

fn rename_in<R: Runtime>(
    store: &Store<R>,
    vehicle_id: &str,
    name: Option<&str>,
) -> Result<Names, Error> {
    let name = checked_name(name)?;
    let mut names = names_in(store);
    match name {
        Some(name) => names.insert(vehicle_id.to_owned(), name),
        None => names.remove(vehicle_id),
    };
    store.set(KEY_NAMES, serde_json::json!(names));
    store.save().map_err(store_error)?;
    Ok(names)
}

/// A group name typed by the user, trimmed; empty or longer than [`MAX_GROUP_NAME_CHARS`] is
/// refused naming the field `name`.
pub fn checked_group_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 {
        return Err(Error::InvalidInput {
            field: "name",
            reason: "is empty; give the group a name".to_owned(),
        });
    }
    if chars > MAX_GROUP_NAME_CHARS {
        return Err(Error::InvalidInput {
            field: "name",
            reason: format!(
                "is {chars} characters long; keep it to {MAX_GROUP_NAME_CHARS} or fewer"
            ),
        });
    }
    Ok(name.to_owned())
}

/// Sorted by name as people read it (case aside), then as written.
fn sorted(mut groups: Vec<FleetGroup>) -> Vec<FleetGroup> {
    groups.sort_by(|a, b| (a.name.to_lowercase(), &a.name).cmp(&(b.name.to_lowercase(), &b.name)));
    groups
}

fn groups_in<R: Runtime>(store: &Store<R>) -> Vec<FleetGroup> {
    let Some(serde_json::Value::Array(items)) = store.get(KEY_GROUPS) else {
        return Vec::new();
    };
    // A hand-edited file keeps its good groups; a group listed twice keeps its first.
    let mut groups: Vec<FleetGroup> = Vec::new();
    for item in items {
        let Ok(group) = serde_json::from_value::<FleetGroup>(item) else {
            continue;
        };
        let Ok(name) = checked_group_name(&group.name) else {
            continue;
        };
        if group.vehicle_ids.is_empty() || groups.iter().any(|g| g.name == name) {
            continue;
        }
        groups.push(FleetGroup {
            name,
            vehicle_ids: group.vehicle_ids,
        });
    }
    sorted(groups)
}

fn put_groups<R: Runtime>(
    store: &Store<R>,
    groups: Vec<FleetGroup>,
) -> Result<Vec<FleetGroup>, Error> {
    let groups = sorted(groups);
    store.set(KEY_GROUPS, serde_json::json!(groups));
    store.save().map_err(store_error)?;
    Ok(groups)
}

fn save_group_in<R: Runtime>(
    store: &Store<R>,
    name: &str,
    vehicle_ids: Vec<String>,
) -> Result<Vec<FleetGroup>, Error> {
    let name = checked_group_name(name)?;
    let mut seen = std::collections::HashSet::new();
    let vehicle_ids: Vec<String> = vehicle_ids
        .into_iter()
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .collect();
    if vehicle_ids.is_empty() {
        return Err(Error::InvalidInput {
            field: "vehicleIds",
            reason: "select at least one vehicle to save in the group".to_owned(),
        });
    }
    let mut groups = groups_in(store);
    groups.retain(|g| g.name != name);
    groups.push(FleetGroup { name, vehicle_ids });
    put_groups(store, groups)
}

fn delete_group_in<R: Runtime>(store: &Store<R>, name: &str) -> Result<Vec<FleetGroup>, Error> {
    let mut groups = groups_in(store);
    groups.retain(|g| g.name != name.trim());
    put_groups(store, groups)
}

/// The saved groups of vehicles, sorted by name.
pub fn fleet_groups<R: Runtime>(app: &AppHandle<R>) -> Result<Vec<FleetGroup>, Error> {
    Ok(groups_in(&*store(app)?))
}

/// Saves a group (replacing the group of that name) and returns every group.
pub fn save_fleet_group<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    vehicle_ids: Vec<String>,
) -> Result<Vec<FleetGroup>, Error> {
    save_group_in(&*store(app)?, name, vehicle_ids)
}

/// Deletes the group of that name (nothing when there is none) and returns every group.
pub fn delete_fleet_group<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
) -> Result<Vec<FleetGroup>, Error> {
    delete_group_in(&*store(app)?, name)
}

fn store<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Store<R>>, Error> {
    app.store(store_path()).map_err(store_error)
}

/// The user's names for vehicles.
pub fn vehicle_names<R: Runtime>(app: &AppHandle<R>) -> Result<Names, Error> {
    Ok(names_in(&*store(app)?))
}

/// Names (or, with an empty name, unnames) a vehicle and returns every name.
pub fn rename<R: Runtime>(
    app: &AppHandle<R>,
    vehicle_id: &str,
    name: Option<&str>,
) -> Result<Names, Error> {
    rename_in(&*store(app)?, vehicle_id, name)
}

/// The stored preferences (unset or no longer valid values read as `system`).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Result<Preferences, Error> {
    Ok(Preferences::from_store(&*store(app)?))
}

/// Checks and stores the preferences the window sent.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    value: &serde_json::Value,
) -> Result<Preferences, Error> {
    save_in(&*store(app)?, value)
}

fn save_in<R: Runtime>(store: &Store<R>, value: &serde_json::Value) -> Result<Preferences, Error> {
    let preferences = Preferences::checked(value)?;
    store.set(KEY_LANGUAGE, serde_json::json!(preferences.language));
    store.set(KEY_THEME, serde_json::json!(preferences.theme));
    store.save().map_err(store_error)?;
    Ok(preferences)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::ErrorKind;
    use crate::settings::STORE_FILE;

    /// A store file in a temporary folder, through the real plugin on Tauri's mock runtime.
    fn temp_store() -> (
        tempfile::TempDir,
        tauri::App<tauri::test::MockRuntime>,
        Arc<Store<tauri::test::MockRuntime>>,
    ) {
        let dir = tempfile::tempdir().expect("a folder");
        let app = tauri::test::mock_builder()
            .plugin(tauri_plugin_store::Builder::new().build())
            .build(tauri::test::mock_context(tauri::test::noop_assets()))
            .expect("a mock app");
        let store = app
            .store(dir.path().join(STORE_FILE))
            .expect("a store file");
        (dir, app, store)
    }

    #[test]
    fn names_are_trimmed_bounded_and_removed_when_empty() {
        assert_eq!(
            checked_name(Some("  Van 3 ")).expect("ok").as_deref(),
            Some("Van 3")
        );
        assert_eq!(checked_name(Some("   ")).expect("ok"), None);
        assert_eq!(checked_name(None).expect("ok"), None);
        let sixty = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(
            checked_name(Some(&sixty)).expect("60 characters"),
            Some(sixty)
        );
        let error = checked_name(Some(&"x".repeat(61))).expect_err("too long");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        let json = serde_json::to_value(&error).expect("json");
        assert_eq!(json["field"], "name");
        assert!(error.to_string().contains("60"), "{error}");
    }

    #[test]
    fn names_are_kept_in_the_settings_file() {
        let (dir, _app, store) = temp_store();
        rename_in(&store, "veh-1", Some(" Blue van ")).expect("named");
        let names = rename_in(&store, "veh-2", Some("Red")).expect("named");
        assert_eq!(names.len(), 2);
        let names = rename_in(&store, "veh-2", None).expect("unnamed");
        assert_eq!(names.get("veh-1").map(String::as_str), Some("Blue van"));
        assert!(!names.contains_key("veh-2"));
        assert!(rename_in(&store, "veh-1", Some(&"y".repeat(70))).is_err());
        let text = std::fs::read_to_string(dir.path().join(STORE_FILE)).expect("saved");
        let saved: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(saved["vehicleNames"], json!({"veh-1": "Blue van"}));
        // A hand-edited file with junk keeps the good names only.
        store.set(KEY_NAMES, json!({"a": "ok", "b": 3, "c": "z".repeat(99)}));
        assert_eq!(names_in(&store).len(), 1);
    }

    #[test]
    fn groups_are_saved_replaced_deleted_and_their_names_checked() {
        let (dir, _app, store) = temp_store();
        assert!(groups_in(&store).is_empty());
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        save_group_in(&store, " vans ", ids(&["v1", "v2", "v1"])).expect("saved");
        let groups = save_group_in(&store, "Berlin", ids(&["v3"])).expect("saved");
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Berlin", "vans"], "sorted by name, case aside");
        assert_eq!(
            groups[1].vehicle_ids,
            ids(&["v1", "v2"]),
            "each vehicle once"
        );
        // The same name again replaces the group.
        let groups = save_group_in(&store, "vans", ids(&["v9"])).expect("replaced");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].vehicle_ids, ids(&["v9"]));
        for (bad, field) in [("   ", "name"), (&"x".repeat(61)[..], "name")] {
            let error = save_group_in(&store, bad, ids(&["v1"])).expect_err("refused");
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert_eq!(serde_json::to_value(&error).expect("json")["field"], field);
        }
        let sixty = "é".repeat(MAX_GROUP_NAME_CHARS);
        assert!(save_group_in(&store, &sixty, ids(&["v1"])).is_ok());
        let empty = save_group_in(&store, "none", Vec::new()).expect_err("no vehicle");
        assert_eq!(
            serde_json::to_value(&empty).expect("json")["field"],
            "vehicleIds"
        );
        let groups = delete_group_in(&store, " Berlin").expect("deleted");
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.name != "Berlin"));
        assert_eq!(delete_group_in(&store, "nope").expect("nothing").len(), 2);
        let text = std::fs::read_to_string(dir.path().join(STORE_FILE)).expect("saved");
        let saved: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(saved["fleetGroups"][0]["vehicleIds"], json!(["v9"]));
        // A hand-edited file keeps its good groups.
        store.set(
            KEY_GROUPS,
            json!([{"name": "ok", "vehicleIds": ["a"]}, {"name": "", "vehicleIds": ["b"]},
                {"name": "ok", "vehicleIds": ["c"]}, {"name": "none", "vehicleIds": []}, 7]),
        );
        assert_eq!(
            groups_in(&store),
            [FleetGroup {
                name: "ok".into(),
                vehicle_ids: ids(&["a"])
            }]
        );
    }

    #[test]
    fn preferences_are_checked_stored_and_read_leniently() {
        let (_dir, _app, store) = temp_store();
        assert_eq!(Preferences::from_store(&store), Preferences::default());
        let saved = save_in(&store, &json!({"language": "fr", "theme": "dark"})).expect("saved");
        assert_eq!((saved.language, saved.theme), (Language::Fr, Theme::Dark));
        assert_eq!(Preferences::from_store(&store), saved);
        for (bad, field) in [
            (json!({"language": "de", "theme": "dark"}), "language"),
            (json!({"language": "en", "theme": "sepia"}), "theme"),
            (json!({"theme": "light"}), "language"),
        ] {
            let error = save_in(&store, &bad).expect_err("refused");
            assert_eq!(error.kind(), ErrorKind::InvalidInput);
            assert_eq!(serde_json::to_value(&error).expect("json")["field"], field);
        }
        assert_eq!(
            Preferences::from_store(&store),
            saved,
            "a refusal stores nothing"
        );
        store.set(KEY_THEME, json!("neon"));
        assert_eq!(Preferences::from_store(&store).theme, Theme::System);
        assert_eq!(
            serde_json::to_value(Preferences::from_store(&store)).expect("json"),
            json!({"language": "fr", "theme": "system"})
        );
    }
}
