//! The binary under test: the one cargo built, or the one named by
//! `NEWSDEDUP_TEST_BIN`, to run the command-line tests against another build
//! (a release build, or an older commit to see a regression test fail).

#![allow(dead_code)]

use std::path::PathBuf;

/// The path of the binary under test.
pub fn bin_path() -> PathBuf {
    match std::env::var_os("NEWSDEDUP_TEST_BIN") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_BIN_EXE_newsdedup")),
    }
}

/// A command running the binary under test.
pub fn newsdedup() -> assert_cmd::Command {
    assert_cmd::Command::new(bin_path())
}

/// The same, as a plain `std::process::Command` (to spawn it and signal it).
pub fn newsdedup_std() -> std::process::Command {
    std::process::Command::new(bin_path())
}
