//! The `--check` list: the paths of the articles with repeats, on stdout.
//!
//! For programs, a path is written as its exact bytes, one per line as `find`
//! does, or ended by a NUL byte with `-0` (a name can hold a newline). For a
//! person at a terminal, names are escaped, so a hostile one cannot drive it.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use newsdedup::paths::escape_path;

/// Where and how the list is written.
pub struct Listing {
    out: Box<dyn Write + Send>,
    /// End each path with NUL, not a line break.
    null: bool,
    /// Escape names (stdout is a terminal).
    escape: bool,
}

impl Listing {
    /// The list on stdout: escaped on a terminal, raw otherwise.
    pub fn stdout(null: bool) -> Listing {
        let escape = !null && io::stdout().is_terminal();
        Listing::new(Box::new(io::stdout()), null, escape)
    }

    pub fn new(out: Box<dyn Write + Send>, null: bool, escape: bool) -> Listing {
        Listing { out, null, escape }
    }

    /// Lists `path` (`-` for stdin) and flushes, so a reader that went away
    /// is noticed at once.
    pub fn write(&mut self, path: &Path) -> io::Result<()> {
        let mut line = if self.escape {
            escape_path(path).into_owned().into_bytes()
        } else {
            path.as_os_str().as_encoded_bytes().to_vec()
        };
        line.push(if self.null { b'\0' } else { b'\n' });
        self.out.write_all(&line)?;
        self.out.flush()
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn paths_are_raw_for_programs_and_escaped_for_people() {
        let name = Path::new("a\nb\u{1b}[31m.txt");
        for (null, escape, expected) in [
            (false, false, &b"a\nb\x1b[31m.txt\n"[..]),
            (true, false, &b"a\nb\x1b[31m.txt\0"[..]),
            (false, true, &b"a\\nb\\u{1b}[31m.txt\n"[..]),
        ] {
            let buffer = Shared::default();
            let mut listing = Listing::new(Box::new(buffer.clone()), null, escape);
            listing.write(name).unwrap();
            assert_eq!(buffer.0.lock().unwrap().as_slice(), expected);
        }
    }
}
