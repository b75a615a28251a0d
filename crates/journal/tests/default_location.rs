//! `Journal::open_default` honours `CAR_REMOTE_DATA_DIR`, read from a real process environment.
//!
//! Setting a variable in a running test process races with every other thread reading the
//! environment, so the test starts this test binary again as a child with the variable set.

use car_remote_journal::{CommandStore, DATA_DIR_VAR, FILE_NAME, Journal};

#[test]
fn open_default_creates_the_journal_in_the_folder_the_variable_names() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("profile two");
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "in_a_child_with_the_variable_set", "--ignored"])
        .env(DATA_DIR_VAR, &data_dir)
        .output()
        .unwrap();
    let output = String::from_utf8_lossy(&child.stdout);
    assert!(
        child.status.success(),
        "{output}{}",
        String::from_utf8_lossy(&child.stderr)
    );
    assert!(
        output.contains("1 passed"),
        "the child ran no test: {output}"
    );
    let journal = Journal::open(data_dir.join(FILE_NAME)).unwrap();
    assert!(journal.get("written-by-the-child").unwrap().is_some());
}

#[test]
#[ignore = "run by the test above, in a child process with CAR_REMOTE_DATA_DIR set"]
fn in_a_child_with_the_variable_set() {
    let dir = std::env::var_os(DATA_DIR_VAR).expect("started with CAR_REMOTE_DATA_DIR set");
    let journal = Journal::open_default().unwrap();
    assert_eq!(journal.path(), std::path::Path::new(&dir).join(FILE_NAME));
    let new = car_remote_journal::NewCommand {
        request_id: "written-by-the-child".to_owned(),
        account: "client".to_owned(),
        vehicle_id: "VIN".to_owned(),
        feature: "horn".to_owned(),
        parameters: serde_json::Value::Null,
        sender: car_remote_journal::os_user(),
        origin: car_remote_journal::Origin::Cli,
        fleet_run_id: None,
        created_at: car_remote_journal::now(),
        send_by: car_remote_journal::now(),
    };
    journal.record_intent(&new).unwrap();
}
