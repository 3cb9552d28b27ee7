//! Messages on stderr that can never stop the run.
//!
//! `eprintln!` panics when stderr is closed, so `newsdedup DIR --in-place 2>&1
//! | head -3` used to stop with most files unprocessed. A diagnostic is
//! best-effort: if stderr cannot take it, it is dropped and the work goes on.

use std::fmt;
use std::io::{self, Write};

/// Writes `newsdedup: {message}` and a line break on stderr; a failure to
/// write is ignored.
pub fn message(args: fmt::Arguments) {
    let _ = writeln!(io::stderr().lock(), "newsdedup: {args}");
}

/// `say!("...", ...)`: [`message`] with `format!` arguments.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::diag::message(format_args!($($arg)*))
    };
}

pub(crate) use say;
