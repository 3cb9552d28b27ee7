//! (to come)

use anyhow::{Result, bail};

use newsdedup::Config;

use crate::Exit;
use crate::cli::Args;

use super::Params;

pub fn run_folders(_args: &Args, _config: &Config, _params: &Params) -> Result<Exit> {
    bail!("not yet")
}
